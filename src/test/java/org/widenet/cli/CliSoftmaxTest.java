package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --model softmax2} and its {@code predict}, end to end on embedded Spark. */
class CliSoftmaxTest {
  @TempDir static Path dir;
  static String train;
  static String test;

  /** n rows of (a, y1, b, y2, c) with ||x|| <= 1 and ||y|| <= 0.9. */
  static String csv(int n, long seed, double labelScale) {
    java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
    StringBuilder sb = new StringBuilder("a,y1,b,y2,c\n");
    for (int i = 0; i < n; i++) {
      double a = rng.nextDouble() - 0.5;
      double b = rng.nextDouble() - 0.5;
      double c = rng.nextDouble() - 0.5;
      double y1 = labelScale * 0.6 * Math.sin(3 * a + b);
      double y2 = labelScale * 0.6 * Math.cos(2 * c - b);
      sb.append(String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f,%.6f%n", a, y1, b, y2, c));
    }
    return sb.toString();
  }

  @BeforeAll
  static void files() {
    train = CliRun.write(dir.resolve("train.csv"), csv(24, 1L, 1.0)).toString();
    test = CliRun.write(dir.resolve("test.csv"), csv(6, 2L, 1.0)).toString();
  }

  @Test
  void trainsSavesAndPredictsWithTheNetworkAndTheKernelRegression() throws IOException {
    String out = dir.resolve("run").toString();
    CliRun r = CliRun.train("--model", "softmax2", "--data", train, "--label-cols", "y1,y2",
        "--width", "400", "--iterations", "12", "--partitions", "3", "--gram-every", "4",
        "--test-data", test, "--coupling-test", test, "--master", "local[2]", "--out", out);
    assertEquals(0, r.code(), r.describe());
    List<String> metrics = Files.readAllLines(Path.of(out, "metrics.csv"));
    assertEquals("iteration,loss,elapsed_ms,lambda_min,lambda_max,gram_drift,max_move,"
        + "fro_move,pattern_change,coupling_error", metrics.get(0));
    assertEquals(14, metrics.size());
    String[] first = metrics.get(1).split(",", -1);
    String[] last = metrics.get(13).split(",", -1);
    assertTrue(Double.parseDouble(last[1]) < Double.parseDouble(first[1]), "loss decreases");
    assertTrue(!first[3].isEmpty() && !metrics.get(5).split(",", -1)[5].isEmpty(),
        "Gram diagnostics at 0 and 4");
    assertEquals(0.0, Double.parseDouble(first[9]), 0.0);
    String summary = Files.readString(Path.of(out, "summary.json"));
    assertTrue(summary.contains("\"status\" : \"completed\""), summary);
    assertTrue(summary.contains("\"test_squared_loss\"")
        && summary.contains("\"theorem_lr_log10\"")
        && summary.contains("\"coupling_error_max\""), summary);
    String meta = Files.readString(Path.of(out, "model", "metadata.json"));
    assertTrue(meta.contains("\"format\" : \"widenet-softmax2\"")
        && meta.contains("\"format_version\" : 1")
        && meta.contains("\"family\" : \"softmax2\""), meta);

    String predicted = dir.resolve("pred").toString();
    CliRun p = CliRun.main("predict", "--model", out + "/model", "--data", test, "--master",
        "local[2]", "--out", predicted);
    assertEquals(0, p.code(), p.describe());
    List<String> rows = Files.readAllLines(Path.of(predicted, "predictions.csv"));
    assertEquals("row_index,label_1,label_2,prediction_1,prediction_2", rows.get(0));
    assertEquals(7, rows.size());

    // On the training points the kernel regression interpolates: predictions = labels.
    String kernel = dir.resolve("kernel").toString();
    CliRun k = CliRun.main("predict", "--model", out + "/model", "--kernel-regression",
        "--data", train, "--master", "local[2]", "--out", kernel);
    assertEquals(0, k.code(), k.describe());
    List<String> fit = Files.readAllLines(Path.of(kernel, "predictions.csv"));
    for (String line : fit.subList(1, fit.size())) {
      String[] cells = line.split(",");
      assertEquals(Double.parseDouble(cells[1]), Double.parseDouble(cells[3]), 1e-6, line);
      assertEquals(Double.parseDouble(cells[2]), Double.parseDouble(cells[4]), 1e-6, line);
    }
  }

  @Test
  void aConfigFileWithModelSoftmax2ReachesTheSoftmaxCommand() {
    Path config = CliRun.write(dir.resolve("softmax.properties"), "model=softmax2\n");
    CliRun r = CliRun.train("--config", config.toString(), "--help");
    assertEquals(0, r.code(), r.describe());
    assertTrue(r.out().contains("--label-cols") && r.out().contains("--coupling-test"),
        r.out());
    CliRun other = CliRun.train("--model", "relu2", "--help");
    assertTrue(!other.out().contains("--label-cols"), other.out());
  }

  @Test
  void labelRowsOutsideTheUnitBallAreRefusedUnlessScaled() {
    String big = CliRun.write(dir.resolve("big.csv"), csv(10, 3L, 2.0)).toString();
    CliRun r = CliRun.train("--model", "softmax2", "--data", big, "--label-cols", "y1,y2",
        "--width", "20", "--iterations", "1", "--out", dir.resolve("big").toString());
    assertEquals(2, r.code(), r.describe());
    assertTrue(r.err().contains(big + " row ") && r.err().contains("--scale-labels"),
        r.err());
    CliRun scaled = CliRun.train("--model", "softmax2", "--data", big, "--label-cols",
        "y1,y2", "--scale-labels", "--width", "20", "--iterations", "2", "--partitions", "2",
        "--master", "local[2]", "--out", dir.resolve("scaled").toString());
    assertEquals(0, scaled.code(), scaled.describe());
  }

  /** --gram matrix-free: the same gd steps as exact (fixed step), spectrum from Lanczos. */
  @Test
  void matrixFreeGramTrainsLikeTheExactOne() throws IOException {
    String exact = dir.resolve("exact").toString();
    String free = dir.resolve("free").toString();
    for (String[] run : new String[][] {{"exact", exact}, {"matrix-free", free}}) {
      CliRun r = CliRun.train("--model", "softmax2", "--data", train, "--label-cols", "y1,y2",
          "--width", "200", "--iterations", "4", "--partitions", "2", "--gram-every", "2",
          "--lr", "0.001", "--gram", run[0], "--master", "local[2]", "--out", run[1]);
      assertEquals(0, r.code(), r.describe());
    }
    List<String> a = Files.readAllLines(Path.of(exact, "metrics.csv"));
    List<String> b = Files.readAllLines(Path.of(free, "metrics.csv"));
    assertEquals(a.size(), b.size());
    for (int row = 1; row < a.size(); row++) {
      assertEquals(a.get(row).split(",", -1)[1], b.get(row).split(",", -1)[1], "loss, row " + row);
    }
    double lambdaA = Double.parseDouble(a.get(1).split(",", -1)[4]);
    double lambdaB = Double.parseDouble(b.get(1).split(",", -1)[4]);
    assertEquals(lambdaA, lambdaB, 1e-8 * lambdaA, "lambda_max at t = 0");
    assertTrue(Files.readString(Path.of(free, "summary.json")).contains("\"matrix-free\""));
  }
}
