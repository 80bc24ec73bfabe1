package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --step-form: on 20 rows of 40 inputs auto steps relu2 in the span form, says so, and
 * ends where the weights form does up to rounding; its checkpoints (W(0) and A per block) resume
 * to the uninterrupted run bit for bit, and its saved model holds the formed weights.
 */
class CliSpanFormTest {
  private static final String SPEC = "sphere:n=20,d=40,target=random,seed=4";

  @TempDir static Path root;
  private static Path spanOut;

  private static String[] args(Path out, String... more) {
    List<String> all = new ArrayList<>(List.of("--synthetic", SPEC, "--width", "300",
        "--partitions", "3", "--seed", "7", "--iterations", "10", "--gram-every", "3",
        "--master", "local[2]", "--out", out.toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  @BeforeAll
  static void spanRun() {
    spanOut = root.resolve("span");
    CliRun r = CliRun.train(args(spanOut, "--checkpoint-dir", root.resolve("ck").toString(),
        "--checkpoint-every", "4"));
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("steps in the span form"), r.out());
  }

  @Test
  void autoChoosesTheSpanFormAndEndsWhereTheWeightsFormDoes() throws IOException {
    Path weightsOut = root.resolve("weights");
    CliRun r = CliRun.train(args(weightsOut, "--step-form", "weights"));
    assertEquals(0, r.code(), r.describe());
    assertTrue(!r.out().contains("span form"), r.out());
    assertEquals("span", settings(spanOut).get("step_form").asText());
    assertEquals("weights", settings(weightsOut).get("step_form").asText());
    double[] span = RunOutputs.weights(spanOut);
    double[] weights = RunOutputs.weights(weightsOut);
    assertEquals(weights.length, span.length);
    for (int k = 0; k < span.length; k++) {
      assertEquals(weights[k], span[k], 1e-10 * Math.max(1, Math.abs(weights[k])), "weight "
          + k);
    }
    List<String> a = RunOutputs.metricsWithoutTime(spanOut);
    List<String> b = RunOutputs.metricsWithoutTime(weightsOut);
    assertEquals(b.size(), a.size());
    for (int row = 1; row < a.size(); row++) {
      double la = Double.parseDouble(a.get(row).split(",")[1]);
      double lb = Double.parseDouble(b.get(row).split(",")[1]);
      assertEquals(lb, la, 1e-10 * Math.max(1, lb), "loss of row " + row);
    }
  }

  @Test
  void aResumedSpanRunEndsBitIdenticalToTheUninterruptedOne() {
    Path out = root.resolve("resumed");
    CliRun r = CliRun.train("--resume", root.resolve("ck").toString(), "--out",
        out.toString());
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("(iteration 8)"), r.out());
    assertArrayEquals(RunOutputs.weights(spanOut), RunOutputs.weights(out), 0.0);
    assertEquals(RunOutputs.metricsWithoutTime(spanOut), RunOutputs.metricsWithoutTime(out));
  }

  /**
   * A checkpoint records the step form it stepped in; one written before --step-form existed
   * (no such option in its manifest) stepped the weights and resumes on them.
   */
  @Test
  void aCheckpointWithoutAStepFormResumesOnTheWeights() throws IOException {
    Path ck = root.resolve("ck-weights");
    Path full = root.resolve("weights-full");
    CliRun r = CliRun.train(args(full, "--step-form", "weights", "--checkpoint-dir",
        ck.toString(), "--checkpoint-every", "4"));
    assertEquals(0, r.code(), r.describe());
    Path manifest = ck.resolve("checkpoint-000008").resolve("checkpoint.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(manifest.toFile());
    assertEquals("weights", m.get("options").get("step-form").get(0).asText());
    assertEquals("span", json.readTree(root.resolve("ck").resolve("checkpoint-000008")
        .resolve("checkpoint.json").toFile()).get("options").get("step-form").get(0).asText());
    ((ObjectNode) m.get("options")).remove("step-form");
    json.writeValue(manifest.toFile(), m);
    Path out = root.resolve("weights-resumed");
    r = CliRun.train("--resume", ck.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    assertEquals("weights", settings(out).get("step_form").asText());
    assertArrayEquals(RunOutputs.weights(full), RunOutputs.weights(out), 0.0);
  }

  @Test
  void aSpanRunResumedOnItsWeightsIsRefusedNamingTheOption() {
    CliRun r = CliRun.train("--resume", root.resolve("ck").toString(), "--out",
        root.resolve("refused").toString(), "--step-form", "weights");
    assertEquals(2, r.code(), r.describe());
    assertTrue(r.err().contains("--step-form is unset here but was span"), r.err());
  }

  /**
   * sgd steps its weights whatever auto would choose for gd on its data: its checkpoints record
   * no step form, and one that does (written before the form was resolved per command) still
   * resumes, to the same bits as the uninterrupted run.
   */
  @Test
  void sgdRecordsNoStepFormAndResumesCheckpointsThatDid() throws IOException {
    // 20 rows in batches of 5: 4 steps an epoch; --checkpoint-every counts epochs for sgd.
    List<String> sgd = List.of("--model", "relu2", "--synthetic", SPEC, "--width", "300",
        "--partitions", "3",
        "--seed", "7", "--optimizer", "sgd", "--lr", "0.2", "--batch-size", "5", "--master",
        "local[2]");
    Path full = root.resolve("sgd-full");
    List<String> fullArgs = new ArrayList<>(sgd);
    fullArgs.addAll(List.of("--epochs", "2", "--out", full.toString()));
    CliRun r = CliRun.train(fullArgs.toArray(String[]::new));
    assertEquals(0, r.code(), r.describe());
    Path ck = root.resolve("ck-sgd");
    List<String> first = new ArrayList<>(sgd);
    first.addAll(List.of("--epochs", "1", "--out", root.resolve("sgd-stopped").toString(),
        "--checkpoint-dir", ck.toString(), "--checkpoint-every", "1"));
    r = CliRun.train(first.toArray(String[]::new));
    assertEquals(0, r.code(), r.describe());
    Path manifest = ck.resolve("checkpoint-000004").resolve("checkpoint.json");
    ObjectMapper json = new ObjectMapper();
    ObjectNode m = (ObjectNode) json.readTree(manifest.toFile());
    assertTrue(!m.get("settings").has("step-form"), m.get("settings").toString());
    ((ObjectNode) m.get("settings")).put("step-form", "span");
    json.writeValue(manifest.toFile(), m);
    // Hadoop's checksum of the manifest no longer matches; without it the file reads as is.
    Files.delete(manifest.resolveSibling(".checkpoint.json.crc"));
    Path out = root.resolve("sgd-resumed");
    r = CliRun.train("--resume", ck.toString(), "--epochs", "2", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("(iteration 4)"), r.out());
    assertArrayEquals(RunOutputs.weights(full), RunOutputs.weights(out), 0.0);
  }

  @Test
  void anUnknownStepFormIsAUsageError() {
    CliRun r = CliRun.train(args(root.resolve("bad"), "--step-form", "dual"));
    assertEquals(2, r.code(), r.describe());
    assertTrue(r.err().contains("--step-form must be auto, weights or span"), r.err());
  }

  private static JsonNode settings(Path out) throws IOException {
    return new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("settings");
  }
}
