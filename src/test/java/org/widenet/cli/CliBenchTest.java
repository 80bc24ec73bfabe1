package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code widenet bench} on the tiny shape: the local engine and embedded Spark both write
 * bench.csv and bench.json and print the table; bad usage is refused before anything runs.
 * Nothing here asserts a time.
 */
class CliBenchTest {
  @TempDir Path root;

  private static CliRun bench(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "bench";
    System.arraycopy(args, 0, all, 1, args.length);
    return CliRun.main(all);
  }

  @Test
  void tinyCaseOnTheLocalEngine() throws IOException {
    Path out = root.resolve("local");
    CliRun run = bench("--only", "tiny", "--iterations", "5", "--warmup", "1", "--engine",
        "local", "--out", out.toString());
    assertEquals(0, run.code(), run.describe());
    assertTrue(Files.exists(out.resolve("bench.csv")), run.describe());
    JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    assertEquals(1, json.size());
    JsonNode tiny = json.get(0);
    assertEquals("tiny", tiny.get("name").asText());
    assertEquals("ok", tiny.get("status").asText());
    assertEquals(5, tiny.get("iterations").asInt());
    assertEquals(1, tiny.get("warmup").asInt(), "--warmup given: it holds for tiny too");
    assertTrue(tiny.get("min_s").asDouble() <= tiny.get("median_s").asDouble());
    assertTrue(tiny.get("median_s").asDouble() <= tiny.get("max_s").asDouble());
    assertTrue(tiny.get("forward_s").isNumber() && tiny.get("overhead_s").isNumber());
    assertTrue(tiny.get("blas_gflops").asDouble() > 0);
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("name") && l.contains("GFLOP/s")),
        run.describe());
    assertTrue(run.out().lines().anyMatch(l -> l.startsWith("tiny ")), run.describe());
    assertTrue(run.err().contains("[1/1] tiny"), run.describe());
  }

  /** Without --warmup the tiny case warms the JIT up for 100 iterations, the others for 2. */
  @Test
  void tinyCaseWarmsUpLongerByDefault() throws IOException {
    Path out = root.resolve("warm");
    CliRun run = bench("--only", "tiny,exp2-gd", "--iterations", "5", "--engine", "local",
        "--out", out.toString());
    assertEquals(0, run.code(), run.describe());
    JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    assertEquals(2, json.size());
    assertEquals("tiny", json.get(0).get("name").asText());
    assertEquals(100, json.get(0).get("warmup").asInt());
    assertEquals("exp2-gd", json.get(1).get("name").asText());
    assertEquals(2, json.get(1).get("warmup").asInt());
  }

  /**
   * The quick suite's row of every family other than relu2 (whose rows share the tiny case's
   * code path) runs on the Spark engine and carries a finite positive time, rate and ratio, the
   * weights' bytes and the peak heap.
   */
  @Test
  void everyFamilysQuickRowOnEmbeddedSpark() throws IOException {
    Path out = root.resolve("families");
    String[] rows = {"exp2-gd", "softmax2-gd", "smooth2-gd", "deep-last-gn"};
    String[] families = {"exp2", "softmax2", "smooth2", "deep-last"};
    // A Gram share limit of 1 byte sends every Gram pass to a Spark job: deep-last's rows, whose
    // Gauss-Newton passes all form the Gram, say so in their note.
    CliRun run = bench("--only", String.join(",", rows), "--iterations", "5", "--warmup", "0",
        "--master", "local[2]", "--spark-conf", "spark.widenet.residentTasks.maxGramShareBytes=1",
        "--out", out.toString());
    assertEquals(0, run.code(), run.describe());
    JsonNode json = new ObjectMapper().readTree(out.resolve("bench.json").toFile());
    assertEquals(rows.length, json.size());
    for (int i = 0; i < rows.length; i++) {
      JsonNode row = json.get(i);
      assertEquals(rows[i], row.get("name").asText());
      assertEquals(families[i], row.get("family").asText());
      assertEquals("ok", row.get("status").asText(), row.toString());
      assertEquals(784, row.get("d").asInt());
      for (String key : new String[] {"median_s", "gflops", "blas_gflops", "blas_ratio",
          "weights_bytes", "peak_driver_bytes", "peak_over_weights", "peak_live_bytes",
          "live_over_weights"}) {
        JsonNode v = row.get(key);
        assertTrue(v.isNumber() && Double.isFinite(v.asDouble()) && v.asDouble() > 0,
            rows[i] + ": " + key + " = " + v);
      }
      assertTrue(row.get("solve_s").asDouble() >= 0, row.toString());
      // The engine label says resident tasks were asked for; the note says where they did not
      // run: deep-last's Gauss-Newton forms the Gram in every pass, here run as jobs.
      assertTrue(row.get("engine").asText().endsWith(", resident tasks"), row.toString());
      String note = row.get("note").asText();
      if (families[i].equals("deep-last")) {
        assertTrue(note.matches(".*resident tasks ran 0 of \\d+ passes after the warm-up.*"),
            row.toString());
      } else {
        assertTrue(!note.contains("resident tasks ran"), row.toString());
      }
    }
    String csv = Files.readString(out.resolve("bench.csv"));
    for (String name : rows) {
      assertTrue(csv.lines().anyMatch(l -> l.startsWith(name + ",")), name);
    }
  }

  /**
   * The Gram case computes the Gram in every timed iteration on Spark: its blocks report
   * Gram kernel time, and the rate stays below the machine's. (A Spark block asked for the
   * pass it ran last returns the share it kept; the case once timed only that.)
   */
  @Test
  void gramCaseOnEmbeddedSparkComputesEveryIteration() throws IOException {
    Path out = root.resolve("gram");
    CliRun run = bench("--only", "relu2-gram", "--iterations", "5", "--warmup", "1",
        "--master", "local[2]", "--out", out.toString());
    assertEquals(0, run.code(), run.describe());
    JsonNode gram = new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get(0);
    assertEquals("relu2-gram", gram.get("name").asText());
    assertTrue(gram.get("gram_s").asDouble() > 0, gram.toString());
    assertTrue(gram.get("blas_ratio").asDouble() < 1.5, gram.toString());
  }

  @Test
  void tinyCaseOnEmbeddedSparkSplitsTheIteration() throws IOException {
    Path out = root.resolve("spark");
    // --spark-conf repeats, as its help says.
    CliRun run = bench("--only", "tiny", "--warmup", "1", "--master", "local[2]", "--spark-conf",
        "spark.locality.wait=1s", "--spark-conf", "spark.sql.shuffle.partitions=3", "--out",
        out.toString());
    assertEquals(0, run.code(), run.describe());
    JsonNode tiny = new ObjectMapper().readTree(out.resolve("bench.json").toFile()).get(0);
    assertTrue(tiny.get("engine").asText().startsWith("spark local[2]"), tiny.toString());
    assertEquals(2, tiny.get("threads").asInt());
    assertTrue(tiny.get("overhead_s").isNumber() && tiny.get("forward_s").isNumber(),
        tiny.toString());
  }

  @Test
  void refusesBadUsageBeforeRunning() throws IOException {
    assertEquals(2, bench("--iterations", "3", "--out", root.resolve("a").toString()).code());
    CliRun unknown = bench("--only", "nope", "--out", root.resolve("b").toString());
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("relu2-gd"), unknown.describe());
    assertEquals(2, bench("--engine", "gpu", "--out", root.resolve("c").toString()).code());
    assertEquals(2, bench("--engine", "local", "--master", "local[2]").code());
    Path full = Files.createDirectories(root.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "x");
    CliRun notEmpty = bench("--only", "tiny", "--engine", "local", "--out", full.toString());
    assertEquals(2, notEmpty.code());
    assertTrue(notEmpty.err().contains("not empty"), notEmpty.describe());
    assertFalse(Files.exists(root.resolve("a")));
  }

  @Test
  void peerOptionsAreCheckedBeforeRunning() {
    CliRun width = bench("--width", "12345", "--out", root.resolve("w").toString());
    assertEquals(2, width.code(), width.describe());
    assertTrue(width.err().contains("widths: 1000, 10000"), width.describe());
    CliRun timeout = bench("--peers", "--peer-timeout", "0", "--out",
        root.resolve("t").toString());
    assertEquals(2, timeout.code(), timeout.describe());
    assertTrue(timeout.err().contains("--peer-timeout"), timeout.describe());
    CliRun help = bench("--help");
    assertTrue(help.out().contains("--peers") && help.out().contains("--width"));
  }

  @Test
  void helpListsTheOptions() {
    CliRun help = bench("--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--suite") && help.out().contains("--only"));
    assertTrue(CliRun.main("--help").out().contains("bench"));
  }
}
