package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.model.NeuronBlock;
import org.widenet.spark.ModelStore;
import org.widenet.testutil.SparkFixture;

/**
 * The driver of a training run is killed with SIGKILL after a checkpoint, in the middle of
 * training; {@code train --resume} on the checkpoint directory finishes the run, and its
 * weights and metrics are bit for bit those of an uninterrupted run.
 */
class DriverRestartIT {
  private static final int ITERATIONS = 40;

  @TempDir Path dir;

  private static List<String> trainArgs(Path checkpoints, Path out) {
    return List.of("train", "--synthetic", "sphere:n=300,d=50,target=random,seed=9",
        "--width", "20000", "--partitions", "4", "--seed", "11", "--iterations",
        Integer.toString(ITERATIONS), "--gram-every", "7", "--checkpoint-dir",
        checkpoints.toString(), "--checkpoint-every", "5", "--master", "local[2]", "--out",
        out.toString());
  }

  /** {@code java ... org.widenet.cli.Main args}, as its own driver JVM, output to log. */
  private static ProcessBuilder driver(List<String> args, Path log) {
    return ClusterFixture.widenetProcess(args).redirectErrorStream(true)
        .redirectOutput(log.toFile());
  }

  private static void runToEnd(List<String> args, Path log) throws Exception {
    Process p = driver(args, log).start();
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "driver did not finish");
    assertEquals(0, p.exitValue(), Files.readString(log));
  }

  private static double[] weights(Path out) {
    SparkSession spark = SparkFixture.start();
    try {
      List<NeuronBlock> blocks = ModelStore.loadBlocks(spark,
          out.resolve("model").toUri().toString());
      List<Double> all = new ArrayList<>();
      for (NeuronBlock b : blocks) {
        for (double v : b.outputWeights()) {
          all.add(v);
        }
        for (double v : b.weights()) {
          all.add(v);
        }
      }
      return all.stream().mapToDouble(Double::doubleValue).toArray();
    } finally {
      spark.stop();
    }
  }

  /** metrics.csv without elapsed_ms, the one column that depends on the clock. */
  private static List<String> metrics(Path out) throws IOException {
    List<String> rows = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve("metrics.csv"))) {
      String[] cells = line.split(",", -1);
      cells[2] = "";
      rows.add(String.join(",", cells));
    }
    return rows;
  }

  @Test
  void killedDriverResumesToTheSameBits() throws Exception {
    Path refOut = dir.resolve("reference");
    runToEnd(trainArgs(dir.resolve("ck-reference"), refOut), dir.resolve("reference.log"));

    Path checkpoints = dir.resolve("ck");
    Path out = dir.resolve("run");
    Path log = dir.resolve("killed.log");
    Process p = driver(trainArgs(checkpoints, out), log).start();
    Path second = checkpoints.resolve("checkpoint-000010");
    long deadline = System.currentTimeMillis() + 180_000;
    while (!Files.exists(second) && p.isAlive() && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    assertTrue(p.isAlive(), "the run ended before its second checkpoint:\n"
        + Files.readString(log));
    p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    JsonNode killed = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("running", killed.get("status").asText(), "killed mid-run");
    assertFalse(Files.exists(out.resolve("model")), "killed before the model was saved");

    Path resumeLog = dir.resolve("resume.log");
    runToEnd(List.of("train", "--resume", checkpoints.toString()), resumeLog);
    String printed = Files.readString(resumeLog);
    assertTrue(printed.contains("resuming from "), printed);

    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", summary.get("status").asText());
    assertTrue(summary.get("resumed_from").get("iteration").asInt() >= 10, summary.toString());
    assertEquals(metrics(refOut), metrics(out));
    assertArrayEquals(weights(refOut), weights(out), 0.0);
    assertTrue(new File(out.toFile(), "metrics.csv").length() > 0);
  }
}
