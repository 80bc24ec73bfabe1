package org.widenet.bench;

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
import org.widenet.bench.BenchCase.Kind;

/** bench.csv and bench.json carry the required keys, read back; the table lines up. */
class BenchReportTest {
  private static final Machine MACHINE = new Machine("JNIBLAS (native)", 2, "Java 17", "1",
      4L << 30, "0.1.0", "4.1.0", "host");
  private static final List<String> REQUIRED = List.of("name", "n", "d", "m", "median_s",
      "min_s", "max_s", "gflops", "blas_gflops", "blas_ratio", "forward_s", "gradient_s",
      "gram_s", "solve_s", "overhead_s", "model_flops", "flops", "blas", "blas_kernel",
      "peak_driver_bytes", "peak_executor_bytes", "threads");

  @TempDir Path dir;

  private static List<BenchResult> results() {
    // n > 1.6 d: the weights form, two products of 2 n d m (4 n d m = 6.272e10 flops).
    BenchCase gd = BenchCase.of("relu2-gd", Kind.GD, 2000, 784, 10_000);
    Timing.Sample split = new Timing.Sample(2.0, 1.0, 0.5, 0.0, 0.2, 0.1, 0.2);
    Timing.Summary timing = new Timing.Summary(5, 2.0, 1.5, 3.0, split);
    BenchResult ok = new BenchResult(gd, "ok", "spark local[2]", 2, 2, 2, timing, 4.0, 50e9,
        123_456_789L, -1, "");
    BenchCase big = BenchCase.of("relu2-gd", Kind.GD, 1000, 784, 1_000_000).skippable();
    BenchResult skipped = BenchResult.notRun(big, "skipped: needs about 22 GiB, has 4",
        "spark local[2]", 2, 2, 2, "optional case");
    return List.of(ok, skipped);
  }

  @Test
  void jsonIsAListOfObjectsWithTheRequiredKeys() throws IOException {
    BenchReport.write(dir, results(), MACHINE);
    JsonNode json = new ObjectMapper().readTree(dir.resolve("bench.json").toFile());
    assertTrue(json.isArray());
    assertEquals(2, json.size());
    for (JsonNode entry : json) {
      for (String key : REQUIRED) {
        assertTrue(entry.has(key), "missing " + key);
      }
    }
    JsonNode ok = json.get(0);
    assertEquals("relu2-gd", ok.get("name").asText());
    assertEquals(10_000, ok.get("m").asLong());
    assertEquals(2.0, ok.get("median_s").asDouble());
    assertEquals(1.5, ok.get("min_s").asDouble());
    assertEquals(3.0, ok.get("max_s").asDouble());
    assertEquals(6.272e10 / 2.0 / 1e9, ok.get("gflops").asDouble(), 1e-9);
    assertEquals(50.0, ok.get("blas_gflops").asDouble(), 1e-12);
    assertEquals(31.36 / 50.0, ok.get("blas_ratio").asDouble(), 1e-12);
    assertEquals(6.272e10, ok.get("model_flops").asDouble());
    assertEquals("dgemm", ok.get("blas_kernel").asText());
    assertEquals(123_456_789L, ok.get("peak_driver_bytes").asLong());
    assertTrue(ok.get("peak_executor_bytes").isNull());
    JsonNode skipped = json.get(1);
    assertTrue(skipped.get("status").asText().startsWith("skipped"));
    assertTrue(skipped.get("median_s").isNull());
    assertTrue(skipped.get("gflops").isNull());
  }

  @Test
  void csvHasOneColumnPerKeyAndOneRowPerCase() throws IOException {
    BenchReport.write(dir, results(), MACHINE);
    List<String> lines = Files.readAllLines(dir.resolve("bench.csv"));
    assertEquals(String.join(",", BenchReport.COLUMNS), lines.get(0));
    assertEquals(3, lines.size());
    int median = BenchReport.COLUMNS.indexOf("median_s");
    assertEquals("2.0", lines.get(1).split(",", -1)[median]);
    assertEquals("", lines.get(2).split(",", -1)[median]);
  }

  @Test
  void rewritingReplacesTheFiles() throws IOException {
    BenchReport.write(dir, results().subList(0, 1), MACHINE);
    BenchReport.write(dir, results(), MACHINE);
    assertEquals(3, Files.readAllLines(dir.resolve("bench.csv")).size());
  }

  @Test
  void tableHasAHeaderALinePerCaseAndSaysWhyACaseWasSkipped() {
    String table = BenchReport.table(results());
    List<String> lines = table.lines().toList();
    assertTrue(lines.get(0).startsWith("name") && lines.get(0).contains("median_ms"), table);
    // n, d, m, then the median: 2.0 s as 2000 ms.
    assertTrue(lines.get(1).matches("relu2-gd\\s+2000\\s+784\\s+10000\\s+2000\\s.*"), table);
    assertEquals(lines.get(0).length(), lines.get(1).length(), table);
    assertTrue(table.contains("skipped: needs about 22 GiB"), table);
  }
}
