package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --model softmax2 --optimizer sgd} end to end, and its refusals. */
class CliSoftmaxSgdTest {
  private static final String DATA = "examples/softmax2-two-outputs.csv"; // 60 rows

  @Test
  void softmax2SgdLogsEpochsAndSavesAModel(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("run");
    CliRun run = CliRun.train("--model", "softmax2", "--optimizer", "sgd", "--batch-size", "8",
        "--epochs", "3", "--lr", "0.002", "--data", DATA, "--label-cols", "y1,y2", "--width",
        "200", "--partitions", "3", "--master", "local[2]", "--out", out.toString());
    assertEquals(0, run.code(), run.describe());
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals("iteration,loss,elapsed_ms,lambda_min,lambda_max,gram_drift,max_move,"
        + "fro_move,pattern_change,epoch", metrics.get(0));
    assertEquals(5, metrics.size());
    // 60 rows in batches of 8: 8 steps per epoch; the Gram columns are empty.
    for (int e = 0; e <= 3; e++) {
      String[] cells = metrics.get(e + 1).split(",", -1);
      assertEquals(String.valueOf(8 * e), cells[0], metrics.get(e + 1));
      assertEquals(String.valueOf(e), cells[9], metrics.get(e + 1));
      assertEquals("", cells[3], metrics.get(e + 1));
    }
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", summary.get("status").asText());
    assertEquals("sgd", summary.get("settings").get("optimizer").asText());
    assertEquals(8, summary.get("settings").get("batch_size").asInt());
    assertEquals(3, summary.get("settings").get("epochs").asInt());
    assertEquals(24, summary.get("iterations").asInt());
    assertTrue(summary.get("final_loss").asDouble() < summary.get("initial_loss").asDouble(),
        summary.toString());
    String meta = Files.readString(out.resolve("model").resolve("metadata.json"));
    assertTrue(meta.contains("\"format\" : \"widenet-softmax2\""), meta);
  }

  @Test
  void badSgdSettingsAreRefusedBeforeTraining(@TempDir Path dir) {
    Rejection.assertNoSparkSession();
    Path out = dir.resolve("run");
    Rejection.assertRejected(out, "train", sgd("--batch-size", "0"),
        "--batch-size must be >= 1, got 0");
    Rejection.assertRejected(out, "train", sgd("--batch-size", "61"),
        "--batch-size 61 is larger than the 60 training rows");
    Rejection.assertRejected(out, "train", List.of("--model", "softmax2", "--data", DATA,
        "--label-cols", "y1,y2", "--optimizer", "sgd", "--batch-size", "8"),
        "--optimizer sgd needs --lr ETA");
    Rejection.assertRejected(out, "train", sgd("--batch-size", "8", "--iterations", "5"),
        "--iterations does not apply to --optimizer sgd");
    Rejection.assertRejected(out, "train", sgd("--batch-size", "8", "--epochs", "-1"),
        "--epochs must be >= 0, got -1");
    Rejection.assertRejected(out, "train", List.of("--model", "softmax2", "--data", DATA,
        "--label-cols", "y1,y2", "--epochs", "3"), "--epochs applies to --optimizer sgd only");
    Rejection.assertRejected(out, "train", List.of("--model", "softmax2", "--data", DATA,
        "--label-cols", "y1,y2", "--optimizer", "adam"),
        "--optimizer for softmax2 must be gd, gn or sgd, got \"adam\"");
  }

  /** A softmax2 sgd command line (lr 0.01) with extra options. */
  private static List<String> sgd(String... extra) {
    List<String> args = new ArrayList<>(List.of("--model", "softmax2", "--data", DATA,
        "--label-cols", "y1,y2", "--optimizer", "sgd", "--lr", "0.01"));
    args.addAll(List.of(extra));
    return args;
  }
}
