package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.math.AnalyticKernels;
import org.widenet.math.PackedSymmetric;
import org.widenet.math.SymmetricEigen;

/**
 * {@code widenet ntk} end to end on embedded Spark: spectrum.csv, summary.json and
 * predicted.csv of the analytic ReLU kernel checked against quantities computed here
 * independently (trace, Frobenius norm, a Gaussian-elimination solve, repeated products
 * (I - eta H)^k y); the exp kernel's sigma; the empirical kernel against H-infinity; and the
 * input errors that must be refused before Spark starts.
 */
class CliNtkTest {
  private static final String SPEC = "sphere:n=60,d=6,target=linear,seed=2";
  private static final int N = 60;
  private static final int D = 6;
  private static final double ETA = 0.03; // <= 1 / trace(H) = 1 / 30 <= 1 / lambda_max
  private static final int K = 40;
  /**
   * A master URL Spark cannot parse: a command that started Spark before finding the bad input
   * would fail with exit 1 instead of refusing the input with exit 2.
   */
  private static final String NO_SPARK = "no-such-master://x";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path root;

  private static Dataset data;
  private static double[] reluKernel;
  private static Path reluOut;
  private static CliRun reluRun;

  @BeforeAll
  static void runReluInfinity() {
    data = SyntheticSpec.parse(SPEC).generate();
    reluKernel = AnalyticKernels.reluInfinity(data.n(), data.d(), data.x());
    reluOut = root.resolve("relu");
    reluRun = ntk("--kernel", "relu-inf", "--synthetic", SPEC, "--predict-lr",
        String.valueOf(ETA), "--predict-iterations", String.valueOf(K), "--master", "local[2]",
        "--out", reluOut.toString());
    assertEquals(0, reluRun.code(), reluRun.describe());
  }

  // ---------------------------------------------------------------- helpers

  private static CliRun ntk(String... args) {
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "a Spark session is already running");
    String[] all = new String[args.length + 1];
    all[0] = "ntk";
    System.arraycopy(args, 0, all, 1, args.length);
    CliRun r = CliRun.main(all);
    assertTrue(SparkSession.getDefaultSession().isEmpty(), "Main.run left its session running");
    assertTrue(SparkSession.getActiveSession().isEmpty(), "Main.run left its session active");
    return r;
  }

  /** A numeric CSV: checks the header, returns the rows parsed as doubles. */
  private static List<double[]> csv(Path file, String header) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(header, lines.get(0), file.toString());
    int columns = header.split(",").length;
    List<double[]> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      assertEquals(columns, cells.length, line);
      double[] row = new double[columns];
      for (int c = 0; c < columns; c++) {
        row[c] = Double.parseDouble(cells[c]);
      }
      rows.add(row);
    }
    return rows;
  }

  private static List<double[]> spectrum(Path out) {
    return csv(out.resolve("spectrum.csv"),
        "index,eigenvalue,projection_labels,projection_random_labels");
  }

  private static JsonNode json(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static double relErr(double want, double got) {
    return Math.abs(want - got) / Math.max(Math.abs(want), Double.MIN_NORMAL);
  }

  private static void assertRel(double want, double got, double tol, String what) {
    assertTrue(relErr(want, got) <= tol, what + ": expected " + want + ", got " + got
        + " (relative error " + relErr(want, got) + ")");
  }

  private static double squaredNorm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return s;
  }

  /** Solves A z = b by Gaussian elimination with partial pivoting (A full, row-major copy). */
  private static double[] gaussSolve(int n, double[][] a0, double[] b0) {
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = a0[i].clone();
    }
    double[] b = b0.clone();
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
          pivot = r;
        }
      }
      double[] tr = a[col];
      a[col] = a[pivot];
      a[pivot] = tr;
      double tb = b[col];
      b[col] = b[pivot];
      b[pivot] = tb;
      for (int r = col + 1; r < n; r++) {
        double f = a[r][col] / a[col][col];
        if (f != 0) {
          for (int c = col; c < n; c++) {
            a[r][c] -= f * a[col][c];
          }
          b[r] -= f * b[col];
        }
      }
    }
    double[] z = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int c = r + 1; c < n; c++) {
        s -= a[r][c] * z[c];
      }
      z[r] = s / a[r][r];
    }
    return z;
  }

  private static double[][] full(int n, double[] packed) {
    double[][] h = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        h[i][j] = PackedSymmetric.get(packed, i, j);
      }
    }
    return h;
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

  // ---------------------------------------------------------------- relu-inf

  @Test
  void spectrumHasAscendingPositiveEigenvaluesMatchingTheKernel() {
    List<double[]> rows = spectrum(reluOut);
    assertEquals(N, rows.size());
    double trace = 0;
    for (int i = 0; i < N; i++) {
      trace += PackedSymmetric.get(reluKernel, i, i);
    }
    double frob2 = 0;
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        double v = PackedSymmetric.get(reluKernel, i, j);
        frob2 += v * v;
      }
    }
    double sum = 0;
    double sumSquares = 0;
    for (int k = 0; k < N; k++) {
      double[] row = rows.get(k);
      assertEquals(k, row[0], "index column");
      assertTrue(row[1] > 0, "eigenvalue " + k + " is not positive: " + row[1]);
      if (k > 0) {
        assertTrue(row[1] >= rows.get(k - 1)[1], "eigenvalues not ascending at " + k);
      }
      sum += row[1];
      sumSquares += row[1] * row[1];
    }
    assertRel(0.5 * N, trace, 1e-12, "H-infinity has diagonal 1/2 on unit rows");
    assertRel(trace, sum, 1e-9, "sum of eigenvalues vs trace of H-infinity");
    assertRel(frob2, sumSquares, 1e-9, "sum of squared eigenvalues vs ||H||_F^2");
  }

  @Test
  void projectionsSumToTheSquaredLabelNormsAndWeightTheQuadraticForm() {
    List<double[]> rows = spectrum(reluOut);
    double[] y = data.y();
    double labels = 0;
    double random = 0;
    double quadratic = 0;
    for (double[] row : rows) {
      assertTrue(row[2] >= 0 && row[3] >= 0, "projections are squares");
      labels += row[2];
      random += row[3];
      quadratic += row[1] * row[2];
    }
    assertRel(squaredNorm(y), labels, 1e-9, "sum of projection_labels vs ||y||^2");
    assertRel(N, random, 1e-9, "sum of projection_random_labels vs ||+-1 labels||^2 = n");
    double yHy = 0;
    for (int i = 0; i < N; i++) {
      for (int j = 0; j < N; j++) {
        yHy += y[i] * PackedSymmetric.get(reluKernel, i, j) * y[j];
      }
    }
    assertRel(yHy, quadratic, 1e-9, "sum lambda_k p_k vs y^T H y");
  }

  @Test
  void summaryMatchesTheSpectrumAndAnIndependentComplexityMeasure() {
    JsonNode s = json(reluOut.resolve("summary.json"));
    for (String key : List.of("lambda_min", "lambda_max", "condition_number",
        "complexity_measure", "n", "d", "complexity_jitter", "status")) {
      assertTrue(s.has(key), "summary.json lacks " + key + ": " + s);
    }
    assertEquals("completed", s.get("status").asText());
    assertEquals(N, s.get("n").asInt());
    assertEquals(D, s.get("d").asInt());
    List<double[]> rows = spectrum(reluOut);
    double min = rows.get(0)[1];
    double max = rows.get(N - 1)[1];
    assertEquals(min, s.get("lambda_min").asDouble());
    assertEquals(max, s.get("lambda_max").asDouble());
    assertTrue(s.get("condition_number").isNumber(), s.toString());
    assertRel(max / min, s.get("condition_number").asDouble(), 1e-15, "condition_number");
    assertEquals(0.0, s.get("complexity_jitter").asDouble(), "H-infinity is positive definite");

    double[] z = gaussSolve(N, full(N, reluKernel), data.y());
    double yz = 0;
    for (int i = 0; i < N; i++) {
      yz += data.y()[i] * z[i];
    }
    double expected = Math.sqrt(2 * yz / N);
    assertRel(expected, s.get("complexity_measure").asDouble(), 1e-9, "complexity_measure");
  }

  @Test
  void predictedCsvIsTheNormOfRepeatedGradientSteps() {
    List<double[]> rows = csv(reluOut.resolve("predicted.csv"),
        "iteration,predicted_residual_norm");
    assertEquals(K + 1, rows.size());
    double[][] h = full(N, reluKernel);
    double[] r = data.y().clone();
    double yNorm = Math.sqrt(squaredNorm(r));
    assertRel(yNorm, rows.get(0)[1], 1e-12, "predicted residual at 0 vs ||y||");
    for (int k = 0; k <= K; k++) {
      assertEquals(k, rows.get(k)[0], "iteration column");
      assertRel(Math.sqrt(squaredNorm(r)), rows.get(k)[1], 1e-9, "||(I - eta H)^k y|| at " + k);
      if (k > 0) {
        assertTrue(rows.get(k)[1] <= rows.get(k - 1)[1], "predicted residual rose at " + k);
      }
      double[] next = new double[N];
      for (int i = 0; i < N; i++) {
        double hr = 0;
        for (int j = 0; j < N; j++) {
          hr += h[i][j] * r[j];
        }
        next[i] = r[i] - ETA * hr;
      }
      r = next;
    }
    assertTrue(rows.get(K)[1] < 0.9 * yNorm, "the predicted residual hardly fell: "
        + rows.get(K)[1]);
    JsonNode s = json(reluOut.resolve("summary.json"));
    assertTrue(ETA <= 1 / s.get("lambda_max").asDouble(), "test premise: eta <= 1/lambda_max");
  }

  // ---------------------------------------------------------------- exp-inf and empirical

  @Test
  void expKernelUsesSigma() {
    Path out = root.resolve("exp");
    CliRun r = ntk("--kernel", "exp-inf", "--sigma", "0.5", "--synthetic", SPEC, "--master",
        "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("completed", s.get("status").asText());
    double[] half = SymmetricEigen.eigenvalues(N,
        AnalyticKernels.expInfinity(N, D, data.x(), 0.5));
    double[] one = SymmetricEigen.eigenvalues(N,
        AnalyticKernels.expInfinity(N, D, data.x(), 1.0));
    double got = s.get("lambda_max").asDouble();
    assertRel(half[N - 1], got, 1e-10, "exp-inf lambda_max at sigma 0.5");
    assertTrue(relErr(one[N - 1], got) > 1e-3, "lambda_max is that of sigma 1, not 0.5");
    assertRel(half[0], s.get("lambda_min").asDouble(), 1e-6, "exp-inf lambda_min");
    List<double[]> rows = spectrum(out);
    assertEquals(N, rows.size());
    assertEquals(got, rows.get(N - 1)[1]);
    assertFalse(Files.exists(out.resolve("predicted.csv")), "no --predict-lr, no predicted.csv");
  }

  @Test
  void empiricalKernelOfAWideReluNetIsCloseToHInfinity() {
    Path out = root.resolve("empirical");
    CliRun r = ntk("--kernel", "empirical", "--model", "relu2", "--width", "20000",
        "--partitions", "2", "--synthetic", SPEC, "--master", "local[2]", "--out",
        out.toString());
    assertEquals(0, r.code(), r.describe());
    JsonNode s = json(out.resolve("summary.json"));
    assertEquals("completed", s.get("status").asText());
    double relu = json(reluOut.resolve("summary.json")).get("lambda_max").asDouble();
    double got = s.get("lambda_max").asDouble();
    assertRel(relu, got, 0.05, "empirical lambda_max vs relu-inf at width 20000");
    assertEquals(N, spectrum(out).size());
  }

  // ---------------------------------------------------------------- refused input

  @Test
  void reluKernelOnNonUnitRowsAsksForNormalize(@TempDir Path dir) {
    Path csv = CliRun.write(dir.resolve("points.csv"),
        "x1,x2,label\n0.6,0.8,1\n2.0,0.0,-1\n0.0,1.0,1\n");
    Path out = dir.resolve("out");
    CliRun r = ntk("--kernel", "relu-inf", "--data", csv.toString(), "--master", NO_SPARK,
        "--out", out.toString());
    assertRejectedBeforeSpark(r, out, "--normalize");
  }

  @Test
  void unknownKernelIsRefused(@TempDir Path dir) {
    Path out = dir.resolve("out");
    CliRun r = ntk("--kernel", "tanh-inf", "--synthetic", SPEC, "--master", NO_SPARK,
        "--out", out.toString());
    assertRejectedBeforeSpark(r, out, "--kernel", "tanh-inf");
  }

  @Test
  void widthWithAnAnalyticKernelIsRefused(@TempDir Path dir) {
    for (String kernel : List.of("relu-inf", "exp-inf")) {
      Path out = dir.resolve("out-" + kernel);
      CliRun r = ntk("--kernel", kernel, "--width", "100", "--synthetic", SPEC, "--master",
          NO_SPARK, "--out", out.toString());
      assertRejectedBeforeSpark(r, out, "--width");
    }
  }

  @Test
  void nonPositivePredictLearningRateIsRefused(@TempDir Path dir) {
    Path out = dir.resolve("out");
    CliRun r = ntk("--synthetic", SPEC, "--predict-lr", "0", "--master", NO_SPARK,
        "--out", out.toString());
    assertRejectedBeforeSpark(r, out, "--predict-lr");
  }
}
