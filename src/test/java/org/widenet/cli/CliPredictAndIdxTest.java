package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.SyntheticSpec;
import org.widenet.report.MetricsCsvWriter;

/**
 * {@code widenet train --predict} (the predicted_residual column), IDX data with test metrics
 * and random labels, and CSV --test-data, end to end on embedded Spark; plus the input errors
 * these options add, refused before Spark starts.
 */
class CliPredictAndIdxTest {
  private static final String SPEC = "sphere:n=40,d=5,target=linear,seed=4";
  private static final String FASHION = "/usr/share/datasets/fashion-mnist";
  /** Spark cannot parse this master: a run that started Spark would exit 1, not 2. */
  private static final String NO_SPARK = "no-such-master://x";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  // ---------------------------------------------------------------- helpers

  private static CliRun train(String... args) {
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "a Spark session is already running");
    CliRun r = CliRun.train(args);
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "Main.run left its session running");
    assertTrue(SparkSession.getActiveSession().isEmpty(), "Main.run left its session active");
    return r;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertRejectedBeforeSpark(CliRun r, Path out, String... fragments) {
    assertEquals(2, r.code(), r.describe());
    assertEquals(1, r.errLines().size(), "stderr must be one line: " + r.describe());
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("widenet: error: "), line);
    for (String f : fragments) {
      assertTrue(line.contains(f), "error line should contain [" + f + "]: " + line);
    }
    assertEquals("", r.out(), r.describe());
    assertFalse(Files.exists(out), "--out was created for a rejected run");
  }

  /** The train_* and test_* metrics every evaluated run must report. */
  private static void assertMetrics(JsonNode s, String prefix, int n) {
    assertEquals(n, s.get(prefix + "_n").asInt(), s.toString());
    for (String key : List.of("_l1_loss", "_squared_loss", "_error")) {
      assertTrue(s.has(prefix + key), "summary.json lacks " + prefix + key + ": " + s);
      double v = s.get(prefix + key).asDouble();
      assertTrue(Double.isFinite(v) && v >= 0, prefix + key + " = " + v);
    }
    double error = s.get(prefix + "_error").asDouble();
    assertTrue(error <= 1, prefix + "_error = " + error);
    assertEquals(Math.rint(error * n), error * n, 1e-9, prefix + "_error is not a count / n");
  }

  private static String csvText(double[][] rows) {
    StringBuilder sb = new StringBuilder("x1,x2,x3,label\n");
    for (double[] r : rows) {
      sb.append(String.format(Locale.ROOT, "%s,%s,%s,%s%n", r[0], r[1], r[2], r[3]));
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- train --predict

  @Test
  void predictedResidualTracksTheMeasuredResidualFromASymmetricSmallStart() {
    Path out = dir.resolve("predict");
    int iterations = 30;
    CliRun r = train("--synthetic", SPEC, "--predict", "--init-scale", "0.1", "--symmetric-init",
        "--width", "4000", "--lr", "0.05", "--iterations", String.valueOf(iterations),
        "--partitions", "2", "--checkpoint-every", "100", "--master", "local[2]", "--out",
        out.toString());
    assertEquals(0, r.code(), r.describe());
    List<String> lines = lines(out.resolve("metrics.csv"));
    assertEquals(MetricsCsvWriter.HEADER + ",predicted_residual", lines.get(0));
    assertEquals(iterations + 2, lines.size());
    double yNorm = 0;
    for (double v : SyntheticSpec.parse(SPEC).generate().y()) {
      yNorm += v * v;
    }
    yNorm = Math.sqrt(yNorm);
    double worst = 0;
    double previous = Double.POSITIVE_INFINITY;
    for (int t = 0; t <= iterations; t++) {
      String[] cells = lines.get(t + 1).split(",", -1);
      assertEquals(10, cells.length, lines.get(t + 1));
      assertEquals(String.valueOf(t), cells[0]);
      assertFalse(cells[9].isEmpty(), "no predicted_residual at " + t);
      double predicted = Double.parseDouble(cells[9]);
      double measured = Math.sqrt(2 * Double.parseDouble(cells[1]));
      if (t == 0) {
        assertEquals(yNorm, predicted, 1e-12 * yNorm, "predicted residual at 0 is ||y||");
        assertEquals(yNorm, measured, 1e-12 * yNorm, "symmetric init: u(0) = 0");
      }
      assertTrue(predicted <= previous, "predicted residual rose at " + t);
      previous = predicted;
      worst = Math.max(worst, Math.abs(predicted - measured));
    }
    assertTrue(worst <= 0.1 * yNorm, "predicted and measured residuals differ by " + worst
        + " > 10% of ||y|| = " + yNorm);
    assertTrue(previous < 0.8 * yNorm, "the run did not train: " + previous);
    JsonNode s = json(out.resolve("summary.json"));
    assertTrue(s.get("settings").get("predict").asBoolean());
    assertEquals("relu-inf", s.get("predicted_kernel").asText());
  }

  @Test
  void metricsHaveNoPredictedColumnWithoutPredict() {
    Path out = dir.resolve("plain");
    CliRun r = train("--synthetic", SPEC, "--width", "40", "--iterations", "1", "--lr", "0.05",
        "--partitions", "1", "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    assertEquals(MetricsCsvWriter.HEADER, lines(out.resolve("metrics.csv")).get(0));
  }

  @Test
  void predictWithReluOnNonUnitRowsAsksForNormalize() {
    Path csv = CliRun.write(dir.resolve("wide.csv"), "x1,x2,label\n0.6,0.8,1\n1.5,0.0,-1\n");
    Path out = dir.resolve("out");
    CliRun r = train("--data", csv.toString(), "--predict", "--width", "40", "--iterations", "2",
        "--master", NO_SPARK, "--out", out.toString());
    assertRejectedBeforeSpark(r, out, "--normalize");
  }

  // ---------------------------------------------------------------- IDX data

  @Test
  void fashionMnistTwoClassesWithTestMetricsAndRandomLabels() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of(FASHION)), FASHION + " is not installed");
    List<String> common = List.of("--data", FASHION, "--classes", "0,6", "--n", "100",
        "--test-n", "80", "--width", "1000", "--iterations", "5", "--partitions", "2",
        "--master", "local[2]");

    Path clean = dir.resolve("clean");
    List<String> args = new ArrayList<>(common);
    args.addAll(List.of("--out", clean.toString()));
    CliRun r = train(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.describe());
    assertEquals("", r.err(), "IDX rows are unit-norm: no warning expected");
    JsonNode s = json(clean.resolve("summary.json"));
    assertEquals("completed", s.get("status").asText());
    JsonNode data = s.get("data");
    assertEquals("idx", data.get("format").asText());
    assertEquals(100, data.get("n").asInt());
    assertEquals(784, data.get("d").asInt());
    assertEquals(80, data.get("test_n").asInt());
    assertEquals(0.0, data.get("random_label_fraction").asDouble());
    assertMetrics(s, "train", 100);
    assertMetrics(s, "test", 80);
    assertEquals(s.get("final_loss").asDouble() / 100, s.get("train_squared_loss").asDouble(),
        1e-9 * s.get("final_loss").asDouble(), "train_squared_loss is the mean of (f-y)^2/2");

    Path noisy = dir.resolve("noisy");
    args = new ArrayList<>(common);
    args.addAll(List.of("--random-label-fraction", "0.5", "--label-seed", "3", "--out",
        noisy.toString()));
    CliRun rn = train(args.toArray(String[]::new));
    assertEquals(0, rn.code(), rn.describe());
    JsonNode sn = json(noisy.resolve("summary.json"));
    assertEquals("completed", sn.get("status").asText());
    assertEquals(0.5, sn.get("data").get("random_label_fraction").asDouble());
    assertEquals(3, sn.get("data").get("label_seed").asLong());
    assertMetrics(sn, "test", 80);
    // Same seed and blocks, so the same f(0): only the labels can move the initial loss.
    assertNotEquals(s.get("initial_loss").asDouble(), sn.get("initial_loss").asDouble(),
        "the random labels left the training labels unchanged");
  }

  @Test
  void idxDataWithoutClassesIsRefused() {
    Path out = dir.resolve("out");
    Path idxDir = CliRun.write(dir.resolve("idx/README"), "not data\n").getParent();
    CliRun r = train("--data", idxDir.toString(), "--width", "40", "--master", NO_SPARK, "--out",
        out.toString());
    assertRejectedBeforeSpark(r, out, "--classes");
  }

  // ---------------------------------------------------------------- CSV --test-data

  @Test
  void csvTestDataGivesTestMetrics() {
    double[][] rows = new double[12][];
    for (int i = 0; i < rows.length; i++) {
      double a = 0.5 * i;
      double b = 0.3 * i + 1;
      double x1 = Math.cos(a) * Math.sin(b);
      double x2 = Math.sin(a) * Math.sin(b);
      double x3 = Math.cos(b);
      rows[i] = new double[] {x1, x2, x3, x1 + x3 > 0 ? 1 : -1};
    }
    Path train = CliRun.write(dir.resolve("x.csv"), csvText(rows));
    // The test set is the training set twice: test_n doubles, the mean metrics do not change.
    double[][] twice = new double[2 * rows.length][];
    for (int i = 0; i < twice.length; i++) {
      twice[i] = rows[i % rows.length];
    }
    Path test = CliRun.write(dir.resolve("t.csv"), csvText(twice));
    Path out = dir.resolve("csv");
    CliRun r = train("--data", train.toString(), "--test-data", test.toString(), "--width",
        "200", "--iterations", "3", "--lr", "0.1", "--partitions", "2", "--master", "local[2]",
        "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("completed", s.get("status").asText());
    assertEquals(24, s.get("data").get("test_n").asInt());
    assertMetrics(s, "train", 12);
    assertMetrics(s, "test", 24);
    for (String key : List.of("_l1_loss", "_squared_loss", "_error")) {
      double want = s.get("train" + key).asDouble();
      assertEquals(want, s.get("test" + key).asDouble(), 1e-9 * Math.max(1, want),
          "test" + key + " on the doubled training set");
    }
  }

  @Test
  void csvTestDataWithOtherFeatureCountIsRefused() {
    Path train = CliRun.write(dir.resolve("x.csv"),
        "x1,x2,x3,label\n0.6,0.8,0,1\n0,0.6,0.8,-1\n");
    Path test = CliRun.write(dir.resolve("t.csv"), "x1,x2,label\n0.6,0.8,1\n");
    Path out = dir.resolve("out");
    CliRun r = train("--data", train.toString(), "--test-data", test.toString(), "--width", "40",
        "--master", NO_SPARK, "--out", out.toString());
    assertRejectedBeforeSpark(r, out, "--test-data", test.toString());
  }
}
