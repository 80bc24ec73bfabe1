package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.widenet.cli.CliTrainTest.SPEC;
import static org.widenet.cli.CliTrainTest.json;
import static org.widenet.cli.CliTrainTest.metricsRows;
import static org.widenet.cli.CliTrainTest.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code widenet train} runs that fail after Spark started: divergence, an overflow inside one
 * step, Spark that cannot start, Spark and filesystem errors during training. Each exits 1
 * with one line on stderr and leaves summary.json saying why, and no model.
 */
class CliTrainFailureTest {
  @TempDir
  static Path root;

  @Test
  void divergingTrainingExitsOneAndRecordsTheFailure() {
    Path out = root.resolve("e");
    // Spark logs the overflowing task's stack trace; the run's own report is what is checked.
    CliRun r = CliRun.withSparkLogsOff(() -> train("--synthetic", SPEC, "--model", "exp2",
        "--width", "40", "--lr", "1e6", "--iterations", "3", "--partitions", "2", "--master",
        "local[2]", "--out", out.toString()));
    assertEquals(1, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.err().startsWith("widenet: training failed: diverged"), r.err());
    assertTrue(r.err().contains("--lr"), r.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("diverged", s.get("status").asText());
    String message = s.get("message").asText();
    assertTrue(message.contains("--lr") && message.contains("2 / lambda_max"), message);
    assertNotNull(s.get("wall_seconds"));
    assertFalse(s.has("final_loss"), "a failed run has no final loss");
    assertFalse(Files.exists(out.resolve("model")), "a failed run saves no model");
    assertTrue(metricsRows(out).size() >= 1, "metrics up to the failure are kept");
  }

  @Test
  void anExp2OverflowWithinOneStepIsReportedWithItsBlockNeuronAndRow() {
    // A divergence factor out of reach: the overflow, not the loss check, stops this run.
    Path out = root.resolve("j");
    CliRun r = CliRun.withSparkLogsOff(() -> train("--synthetic", SPEC, "--model", "exp2",
        "--width", "40", "--lr", "1e6", "--divergence-factor", "1e300", "--iterations", "3",
        "--partitions", "2", "--master", "local[2]", "--out", out.toString()));
    assertEquals(1, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.err().startsWith("widenet: training failed: diverged at iteration 1"), r.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("diverged", s.get("status").asText());
    String message = s.get("message").asText();
    Matcher m = Pattern.compile("^diverged at iteration 1 with "
        + "step size eta = 1000000.0 \\(the stable bound is 2 / lambda_max = [^)]+\\): "
        + "numerical overflow in neuron block (\\d), neuron (\\d+), data row (\\d+) "
        + "\\(counting from 0\\) after a training step: w_r \\. x_i = ").matcher(message);
    assertTrue(m.find(), message);
    int block = Integer.parseInt(m.group(1));
    int neuron = Integer.parseInt(m.group(2));
    assertTrue(block < 2 && neuron >= 20 * block && neuron < 20 * (block + 1),
        "neuron " + neuron + " is not in block " + block + " of 2 x 20 neurons");
    assertTrue(Integer.parseInt(m.group(3)) < 40, message);
    assertTrue(message.contains("Lower --lr") && message.contains("--divergence-factor"),
        message);
    assertEquals(1, metricsRows(out).size(), "only iteration 0 finished");
    assertFalse(Files.exists(out.resolve("model")), "a failed run saves no model");
  }

  /**
   * A run that fails after --out was prepared: exit 1 (Main.run returns, never throws), one
   * line on stderr, summary.json says "failed: ..." (never left at "running"), no session left.
   */
  private static JsonNode assertTrainingFailed(Path out, String... args) {
    List<String> all = new ArrayList<>(List.of("--synthetic", SPEC, "--width", "40",
        "--iterations", "2", "--partitions", "2", "--checkpoint-every", "1", "--out",
        out.toString()));
    all.addAll(List.of(args));
    CliRun r = CliRun.withSparkLogsOff(() -> train(all.toArray(String[]::new)));
    assertEquals(1, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.err().startsWith("widenet: training failed: "), r.err());
    JsonNode s = json(out.resolve("summary.json"));
    assertTrue(s.get("status").asText().startsWith("failed: "), s.toString());
    assertTrue(s.has("wall_seconds"), s.toString());
    return s;
  }

  @Test
  void sparkThatCannotStartIsATrainingFailure() {
    JsonNode s = assertTrainingFailed(root.resolve("f"), "--master", "bogus://nowhere");
    assertTrue(s.get("status").asText().contains("bogus://nowhere"), s.toString());
  }

  @Test
  void sparkErrorDuringTrainingIsATrainingFailure() {
    // Kryo is first used when X is broadcast: Spark throws a (checked) SparkException.
    assertTrainingFailed(root.resolve("g"), "--master", "local[2]", "--spark-conf",
        "spark.kryo.classesToRegister=org.widenet.NoSuchClass");
  }

  @Test
  void filesystemErrorDuringTrainingIsATrainingFailure() {
    Path file = CliRun.write(root.resolve("not-a-dir"), "x\n");
    // Hadoop throws a (checked) ParentNotDirectoryException when Spark creates the directory.
    JsonNode s = assertTrainingFailed(root.resolve("h"), "--master", "local[2]",
        "--checkpoint-dir", file.resolve("checkpoints").toString());
    assertTrue(s.get("status").asText().contains(file.toString()), s.toString());
  }
}
