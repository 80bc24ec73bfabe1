package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code widenet train --optimizer sgd} for relu2 end to end, and its refusals. */
class CliMiniBatchTest {
  private static final String SPEC = "sphere:n=30,d=5,target=random,seed=3";

  @Test
  void relu2SgdLogsEpochsAndSavesAModel(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("run");
    CliRun run = CliRun.train("--model", "relu2", "--synthetic", SPEC, "--width", "200",
        "--optimizer", "sgd", "--lr", "0.2", "--epochs", "3", "--batch-size", "8",
        "--master", "local[2]", "--out", out.toString());
    assertEquals(0, run.code(), run.describe());
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertTrue(metrics.get(0).endsWith(",pattern_change,epoch"), metrics.get(0));
    assertEquals(5, metrics.size());
    assertTrue(metrics.get(4).startsWith("12,"), metrics.get(4));
    assertTrue(metrics.get(4).endsWith(",3"), metrics.get(4));
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", summary.get("status").asText());
    assertTrue(summary.get("final_loss").asDouble() < summary.get("initial_loss").asDouble());
    assertTrue(Files.exists(out.resolve("model").resolve("metadata.json")));
  }

  @Test
  void relu2SgdTakesTheAutomaticStepAndReportsTheGramByEpoch(@TempDir Path dir)
      throws IOException {
    Path out = dir.resolve("run");
    CliRun run = CliRun.train("--model", "relu2", "--synthetic", SPEC, "--width", "200",
        "--optimizer", "sgd", "--lr", "auto", "--gram-every", "2", "--epochs", "3",
        "--batch-size", "8", "--master", "local[2]", "--out", out.toString());
    assertEquals(0, run.code(), run.describe());
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    List<String> header = List.of(metrics.get(0).split(","));
    int lambdaMax = header.indexOf("lambda_max");
    int drift = header.indexOf("gram_drift");
    // Epochs 0, 2 and 3 (the last) carry the Gram; epoch 1 does not.
    for (int e : new int[] {0, 2, 3}) {
      String[] row = metrics.get(1 + e).split(",", -1);
      assertTrue(Double.parseDouble(row[lambdaMax]) > 0, metrics.get(1 + e));
      assertEquals(e == 0, Double.parseDouble(row[drift]) == 0.0, metrics.get(1 + e));
    }
    assertEquals("", metrics.get(2).split(",", -1)[lambdaMax], metrics.get(2));
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    double lambdaMax0 = Double.parseDouble(metrics.get(1).split(",")[lambdaMax]);
    assertEquals(1.0 / lambdaMax0, summary.get("learning_rate").asDouble(),
        1e-12 / lambdaMax0);
    assertEquals(lambdaMax0, summary.get("lambda_max_initial").asDouble(), 1e-12 * lambdaMax0);
    assertTrue(summary.get("final_loss").asDouble() < summary.get("initial_loss").asDouble());
  }

  /**
   * train --resume routes by the checkpoint's model and optimizer; when no checkpoint there
   * reads, it says so, rather than refusing sgd's --epochs as a gd run would.
   */
  @Test
  void anUnreadableCheckpointIsNamedNotItsOptions(@TempDir Path dir) throws IOException {
    Path ck = dir.resolve("ck");
    CliRun run = CliRun.train("--model", "relu2", "--synthetic", SPEC, "--width", "200",
        "--optimizer", "sgd", "--lr", "0.2", "--epochs", "1", "--batch-size", "8",
        "--master", "local[2]", "--out", dir.resolve("run").toString(), "--checkpoint-dir",
        ck.toString(), "--checkpoint-every", "1");
    assertEquals(0, run.code(), run.describe());
    Path metrics;
    try (var dirs = Files.list(ck)) {
      metrics = dirs.filter(p -> p.getFileName().toString().startsWith("checkpoint-"))
          .findFirst().orElseThrow().resolve("metrics.csv");
    }
    Files.writeString(metrics, "damaged\n", java.nio.file.StandardOpenOption.APPEND);
    CliRun resumed = CliRun.train("--resume", ck.toString(), "--epochs", "2", "--out",
        dir.resolve("resumed").toString());
    assertEquals(2, resumed.code(), resumed.describe());
    assertEquals(1, resumed.errLines().size(), resumed.describe());
    assertTrue(resumed.err().contains("no intact checkpoint"), resumed.err());
  }

  @Test
  void sgdNeedsAStepSizeAndRefusesGdOptions(@TempDir Path dir) {
    CliRun noLr = CliRun.train("--synthetic", SPEC, "--optimizer", "sgd", "--out",
        dir.resolve("a").toString());
    assertEquals(2, noLr.code(), noLr.describe());
    assertTrue(noLr.err().contains("--optimizer sgd needs --lr"), noLr.err());
    CliRun damping = CliRun.train("--synthetic", SPEC, "--optimizer", "sgd", "--lr", "0.1",
        "--damping", "1", "--out", dir.resolve("b").toString());
    assertEquals(2, damping.code());
    assertTrue(damping.err().contains("--damping does not apply"), damping.err());
  }
}
