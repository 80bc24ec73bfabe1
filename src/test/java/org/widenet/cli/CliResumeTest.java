package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train --checkpoint-dir and --resume in process: a run resumed from its checkpoints ends with
 * the same weights and metrics, bit for bit, as the run that wrote them; a damaged newest
 * checkpoint falls back to the previous one; a changed setting is refused naming the option.
 */
class CliResumeTest {
  private static final String SPEC = "sphere:n=40,d=5,target=random,seed=4";
  private static final int ITERATIONS = 10;

  @TempDir static Path root;
  private static Path fullOut;
  private static double[] fullWeights;
  private static List<String> fullMetrics;

  private static String[] args(Path checkpoints, Path out, String... more) {
    return args(ITERATIONS, checkpoints, out, more);
  }

  private static String[] args(int iterations, Path checkpoints, Path out, String... more) {
    List<String> all = new ArrayList<>(List.of("--synthetic", SPEC, "--width", "300",
        "--partitions", "3", "--seed", "7", "--iterations", Integer.toString(iterations),
        "--gram-every", "3", "--checkpoint-dir", checkpoints.toString(), "--checkpoint-every",
        "4", "--master", "local[2]", "--out", out.toString()));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  /** The uninterrupted run; it leaves checkpoints 4 and 8 (the two newest). */
  @BeforeAll
  static void fullRun() {
    fullOut = root.resolve("full");
    CliRun r = CliRun.train(args(root.resolve("ck-full"), fullOut));
    assertEquals(0, r.code(), r.describe());
    fullWeights = RunOutputs.weights(fullOut);
    fullMetrics = RunOutputs.metricsWithoutTime(fullOut);
    assertEquals(ITERATIONS + 2, fullMetrics.size(), "header and rows 0.." + ITERATIONS);
  }

  /** A copy of the full run's checkpoint directory, for one test to resume from or damage. */
  private static Path checkpoints(String name) throws IOException {
    Path copy = root.resolve(name);
    RunOutputs.copyTree(root.resolve("ck-full"), copy);
    return copy;
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void keepsTheTwoNewestCheckpointsAndNothingHalfWritten() throws IOException {
    assertEquals(List.of("checkpoint-000004", "checkpoint-000008"),
        names(root.resolve("ck-full")));
    Path newest = root.resolve("ck-full").resolve("checkpoint-000008");
    JsonNode manifest = new ObjectMapper().readTree(newest.resolve("checkpoint.json").toFile());
    assertEquals(8, manifest.get("iteration").asInt());
    assertEquals(1, manifest.get("format_version").asInt());
    assertEquals(3, manifest.get("blocks").size());
    assertEquals(64, manifest.get("config_hash").asText().length());
    assertEquals("3", manifest.get("settings").get("partitions").asText());
    // The saved metrics are rows 0..8 of the run's own.
    List<String> saved = Files.readAllLines(newest.resolve("metrics.csv"));
    assertEquals(10, saved.size());
    assertEquals(Files.readAllLines(fullOut.resolve("metrics.csv")).subList(0, 10), saved);
  }

  @Test
  void resumedRunEndsBitIdenticalToTheUninterruptedOne() throws IOException {
    Path ck = checkpoints("ck-a");
    Path out = root.resolve("resumed-a");
    CliRun r = CliRun.train("--resume", ck.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("resuming from ") && r.out().contains("(iteration 8)"), r.out());
    assertArrayEquals(fullWeights, RunOutputs.weights(out), 0.0);
    assertEquals(fullMetrics, RunOutputs.metricsWithoutTime(out));
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", s.get("status").asText());
    assertEquals(8, s.get("resumed_from").get("iteration").asInt());
  }

  @Test
  void truncatedNewestCheckpointFallsBackToThePreviousOne() throws IOException {
    Path ck = checkpoints("ck-b");
    Path block = ck.resolve("checkpoint-000008").resolve("blocks").resolve("block-00001.bin");
    try (RandomAccessFile f = new RandomAccessFile(block.toFile(), "rw")) {
      f.setLength(f.length() / 2);
    }
    Path out = root.resolve("resumed-b");
    CliRun r = CliRun.train("--resume", ck.toString(), "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.err().contains("checkpoint-000008 is damaged")
        && r.err().contains("block-00001.bin") && r.err().contains("falling back"), r.err());
    assertTrue(r.out().contains("(iteration 4)"), r.out());
    assertArrayEquals(fullWeights, RunOutputs.weights(out), 0.0);
    assertEquals(fullMetrics, RunOutputs.metricsWithoutTime(out));
    // The damaged checkpoint is kept aside, not deleted.
    assertTrue(names(ck).stream().anyMatch(n -> n.startsWith("damaged-checkpoint-000008")),
        names(ck).toString());
  }

  @Test
  void flippedBitInABlockFileIsCaughtByItsChecksum() throws IOException {
    Path ck = checkpoints("ck-c");
    Path block = ck.resolve("checkpoint-000008").resolve("blocks").resolve("block-00002.bin");
    try (RandomAccessFile f = new RandomAccessFile(block.toFile(), "rw")) {
      f.seek(f.length() / 2);
      int b = f.read();
      f.seek(f.length() / 2);
      f.write(b ^ 0x10);
    }
    Path out = root.resolve("resumed-c");
    CliRun r = CliRun.withSparkLogsOff(() -> CliRun.train("--resume", ck.toString(), "--out",
        out.toString()));
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.err().contains("damaged") && r.err().contains("falling back"), r.err());
    assertArrayEquals(fullWeights, RunOutputs.weights(out), 0.0);
  }

  @Test
  void changedSettingIsRefusedNamingTheOption() throws IOException {
    Path ck = checkpoints("ck-d");
    Path out = root.resolve("resumed-d");
    CliRun lr = CliRun.train("--resume", ck.toString(), "--out", out.toString(), "--lr", "0.5");
    assertEquals(2, lr.code(), lr.describe());
    assertEquals(1, lr.errLines().size(), lr.describe());
    assertTrue(lr.err().contains("--lr is 0.5 here but was auto"), lr.err());
    CliRun blocks = CliRun.train("--resume", ck.toString(), "--out", out.toString(),
        "--partitions", "2");
    assertEquals(2, blocks.code(), blocks.describe());
    assertTrue(blocks.err().contains("--partitions is 2 here but was 3"), blocks.err());
    CliRun data = CliRun.train("--resume", ck.toString(), "--out", out.toString(),
        "--synthetic", "sphere:n=40,d=5,target=random,seed=5");
    assertEquals(2, data.code(), data.describe());
    assertTrue(data.err().contains("training data differ"), data.err());
    assertFalse(Files.exists(out), "a refused resume writes nothing");
  }

  @Test
  void missingCheckpointIsOneLine() {
    CliRun r = CliRun.train("--resume", root.resolve("nothing-here").toString());
    assertEquals(2, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), r.describe());
    assertTrue(r.err().contains("no checkpoint found"), r.err());
  }

  @Test
  void resumeIntoTheOriginalOutReplacesOnlyWidenetsOutputs() throws IOException {
    Path ck = root.resolve("ck-e");
    Path out = root.resolve("run-e");
    CliRun first = CliRun.train(args(5, ck, out));
    assertEquals(0, first.code(), first.describe());
    Files.writeString(out.resolve("notes.txt"), "mine");
    // Extend the run: the checkpointed options are reused, --iterations is raised.
    CliRun r = CliRun.train("--resume", ck.toString(), "--iterations",
        Integer.toString(ITERATIONS));
    assertEquals(0, r.code(), r.describe());
    assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    // Resumed from iteration 4: row 5 (the first run's last, with its Gram) is recomputed as
    // an ordinary iteration of the longer run.
    assertEquals(fullMetrics, RunOutputs.metricsWithoutTime(out));
    assertArrayEquals(fullWeights, RunOutputs.weights(out), 0.0);
  }

  @Test
  void divergedRunKeepsItsLastGoodCheckpoint() throws IOException {
    Path ck = root.resolve("ck-f");
    Path out = root.resolve("run-f");
    CliRun r = CliRun.withSparkLogsOff(() -> CliRun.train("--synthetic", SPEC, "--width", "300",
        "--partitions", "3", "--iterations", "60", "--lr", "50", "--divergence-factor", "1e8",
        "--checkpoint-dir", ck.toString(), "--checkpoint-every", "1", "--master", "local[2]",
        "--out", out.toString()));
    assertEquals(1, r.code(), r.describe());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("diverged", s.get("status").asText());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("at iteration (\\d+)")
        .matcher(s.get("message").asText());
    assertTrue(m.find(), s.toString());
    int diverged = Integer.parseInt(m.group(1));
    assertTrue(diverged >= 3, "the test needs a few good checkpoints first: " + diverged);
    List<String> names = names(ck);
    assertEquals(List.of(String.format("checkpoint-%06d", diverged - 2),
        String.format("checkpoint-%06d", diverged - 1)), names,
        "the newest checkpoint is the last good iteration");
  }
}
