package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.testutil.SparkFixture;

/**
 * Checkpoint and {@code train --resume} for exp2, softmax2, smooth2, deep-last and the sgd of
 * relu2, softmax2 and smooth2 (relu2's gd cases, damaged checkpoints included, are in {@link CliResumeTest}): a run stopped after its checkpoint at iteration K and resumed to T
 * ends with metrics.csv (all but elapsed_ms) and saved weights byte-identical to the run that
 * went to T without stopping.
 */
class CliFamilyResumeTest {
  @TempDir Path dir;

  /** metrics.csv without its wall-clock columns (elapsed_ms, and deep-last's seconds). */
  private static List<String> metricsWithoutTimes(Path out) {
    try {
      List<String> lines = java.nio.file.Files.readAllLines(out.resolve("metrics.csv"));
      List<String> header = List.of(lines.get(0).split(",", -1));
      List<String> rows = new ArrayList<>();
      for (String line : lines) {
        String[] cells = line.split(",", -1);
        StringBuilder row = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
          if (!header.get(c).equals("elapsed_ms") && !header.get(c).equals("seconds")) {
            row.append(cells[c]).append(',');
          }
        }
        rows.add(row.toString());
      }
      return rows;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The saved model's weight rows, ordered by neuron, as text (doubles print exactly). */
  private static List<String> modelRows(Path out) {
    SparkSession spark = SparkFixture.start();
    try {
      List<String> rows = new ArrayList<>();
      Path model = out.resolve("model");
      Path weights = java.nio.file.Files.isDirectory(model.resolve("weights"))
          ? model.resolve("weights") : model.resolve("coefficients");
      for (Row r : spark.read().parquet(weights.toString())
          .orderBy("neuron").collectAsList()) {
        rows.add(r.toString());
      }
      return rows;
    } finally {
      spark.stop();
    }
  }

  /**
   * Trains {@code common} to {@code total} iterations uninterrupted, and to {@code stop} with
   * checkpoints every {@code every}, then resumes that run to {@code total}; both must agree.
   */
  private void assertResumesBitForBit(List<String> common, int stop, int every, int total) {
    assertResumesBitForBit(common, "--iterations", stop, every, total, stop);
  }

  /**
   * As above, with the run's length in {@code length} (--iterations, or sgd's --epochs) and the
   * checkpoint's iteration {@code stopIteration} (sgd counts steps).
   */
  private void assertResumesBitForBit(List<String> common, String length, int stop, int every,
      int total, int stopIteration) {
    Path full = dir.resolve("full");
    List<String> fullArgs = new ArrayList<>(common);
    fullArgs.addAll(List.of(length, Integer.toString(total), "--out", full.toString()));
    CliRun a = CliRun.train(fullArgs.toArray(String[]::new));
    assertEquals(0, a.code(), a.describe());

    Path ck = dir.resolve("ck");
    Path stopped = dir.resolve("stopped");
    List<String> firstArgs = new ArrayList<>(common);
    firstArgs.addAll(List.of(length, Integer.toString(stop), "--checkpoint-dir",
        ck.toString(), "--checkpoint-every", Integer.toString(every), "--out",
        stopped.toString()));
    CliRun b = CliRun.train(firstArgs.toArray(String[]::new));
    assertEquals(0, b.code(), b.describe());

    Path resumed = dir.resolve("resumed");
    CliRun c = CliRun.train("--resume", ck.toString(), length, Integer.toString(total),
        "--out", resumed.toString());
    assertEquals(0, c.code(), c.describe());
    assertTrue(c.out().contains("resuming from ") && c.out().contains("(iteration "
        + stopIteration + ")"), c.out());
    assertEquals(metricsWithoutTimes(full), metricsWithoutTimes(resumed));
    assertEquals(modelRows(full), modelRows(resumed));
  }

  /**
   * relu2 sgd checkpoints at epoch ends (--checkpoint-every counts epochs) and resumes by
   * --resume alone, the Gram's drift included; 20 rows in batches of 6 is 4 steps an epoch.
   */
  @Test
  void relu2SgdResumesBitForBit() {
    assertResumesBitForBit(List.of("--synthetic", "sphere:n=20,d=4,target=random,seed=5",
        "--width", "200", "--partitions", "3", "--optimizer", "sgd", "--lr", "0.3",
        "--batch-size", "6", "--gram-every", "2", "--master", "local[2]"), "--epochs", 2, 1, 5,
        8);
  }

  @Test
  void exp2GradientDescentResumesBitForBit() {
    assertResumesBitForBit(List.of("--model", "exp2", "--synthetic",
        "sphere:n=20,d=4,target=random,seed=5", "--width", "200", "--partitions", "3",
        "--gram-every", "2", "--master", "local[2]"), 4, 2, 7);
  }

  @Test
  void softmax2GradientDescentResumesBitForBit() {
    String train = CliRun.write(dir.resolve("train.csv"), CliSoftmaxTest.csv(24, 1L, 1.0))
        .toString();
    assertResumesBitForBit(List.of("--model", "softmax2", "--data", train, "--label-cols",
        "y1,y2", "--width", "200", "--partitions", "3", "--gram-every", "3", "--master",
        "local[2]"), 6, 3, 10);
  }

  /** softmax2 sgd as relu2's: 24 rows in batches of 10 is 3 steps an epoch. */
  @Test
  void softmax2SgdResumesBitForBit() {
    String train = CliRun.write(dir.resolve("train.csv"), CliSoftmaxTest.csv(24, 1L, 1.0))
        .toString();
    assertResumesBitForBit(List.of("--model", "softmax2", "--optimizer", "sgd", "--lr", "0.01",
        "--batch-size", "10", "--data", train, "--label-cols", "y1,y2", "--width", "200",
        "--partitions", "3", "--master", "local[2]"), "--epochs", 2, 2, 4, 6);
  }

  @Test
  void softmax2GaussNewtonResumesBitForBit() {
    String train = CliRun.write(dir.resolve("train.csv"), CliSoftmaxTest.csv(24, 1L, 1.0))
        .toString();
    assertResumesBitForBit(List.of("--model", "softmax2", "--optimizer", "gn", "--damping",
        "1e-3", "--lr", "0.5", "--data", train, "--label-cols", "y1,y2", "--width", "200",
        "--partitions", "3", "--master", "local[2]"), 4, 2, 6);
  }

  @Test
  void softmax2RefusesAChangedSettingOnResume() {
    String train = CliRun.write(dir.resolve("train.csv"), CliSoftmaxTest.csv(24, 1L, 1.0))
        .toString();
    Path ck = dir.resolve("ck");
    CliRun b = CliRun.train("--model", "softmax2", "--data", train, "--label-cols", "y1,y2",
        "--width", "200", "--partitions", "3", "--iterations", "2", "--checkpoint-dir",
        ck.toString(), "--checkpoint-every", "2", "--master", "local[2]", "--out",
        dir.resolve("first").toString());
    assertEquals(0, b.code(), b.describe());
    CliRun c = CliRun.train("--resume", ck.toString(), "--iterations", "4", "--seed", "99",
        "--out", dir.resolve("second").toString());
    assertEquals(2, c.code(), c.describe());
    assertTrue(c.err().contains("--seed is 99 here but was 0"), c.err());
  }

  @Test
  void smooth2GradientDescentResumesBitForBit() {
    assertResumesBitForBit(List.of("--model", "smooth2", "--synthetic",
        "sphere:n=20,d=4,target=random,seed=3", "--outputs", "2", "--width", "60",
        "--no-lazy", "--gram-every", "2", "--partitions", "3", "--master", "local[2]"), 4, 2, 7);
  }

  @Test
  void smooth2MatrixFreeRefusesAChangedLanczosStepsOnResume() {
    Path ck = dir.resolve("ck");
    CliRun b = CliRun.train("--model", "smooth2", "--synthetic",
        "sphere:n=20,d=4,target=random,seed=3", "--width", "60", "--no-lazy", "--gram",
        "matrix-free", "--lanczos-steps", "12", "--partitions", "2", "--iterations", "2",
        "--checkpoint-dir", ck.toString(), "--checkpoint-every", "2", "--master", "local[2]",
        "--out", dir.resolve("first").toString());
    assertEquals(0, b.code(), b.describe());
    // The step is 1 / lambda_max from Lanczos: fewer steps would give another run.
    CliRun c = CliRun.train("--resume", ck.toString(), "--iterations", "4", "--lanczos-steps",
        "5", "--out", dir.resolve("second").toString());
    assertEquals(2, c.code(), c.describe());
    assertTrue(c.err().contains("--lanczos-steps is 5 here but was 12"), c.err());
  }

  @Test
  void smooth2RefusesToCheckpointWhatItCannotRestore() {
    CliRun lazy = CliRun.train("--model", "smooth2", "--synthetic",
        "sphere:n=20,d=4,target=random,seed=3", "--width", "60", "--iterations", "2",
        "--checkpoint-dir", dir.resolve("ck").toString(), "--out",
        dir.resolve("lazy").toString());
    assertEquals(2, lazy.code(), lazy.describe());
    assertTrue(lazy.err().contains("add --no-lazy"), lazy.err());
    CliRun lazySgd = CliRun.train("--model", "smooth2", "--synthetic",
        "sphere:n=20,d=4,target=random,seed=3", "--width", "60", "--optimizer", "sgd", "--lr",
        "0.05", "--checkpoint-dir", dir.resolve("ck2").toString(), "--out",
        dir.resolve("sgd").toString());
    assertEquals(2, lazySgd.code(), lazySgd.describe());
    assertTrue(lazySgd.err().contains("add --no-lazy"), lazySgd.err());
  }

  /** smooth2 sgd as relu2's, with the Gram's drift: 20 rows in batches of 8, 3 steps. */
  @Test
  void smooth2SgdResumesBitForBit() {
    assertResumesBitForBit(List.of("--model", "smooth2", "--synthetic",
        "sphere:n=20,d=4,target=random,seed=3", "--width", "60", "--optimizer", "sgd", "--lr",
        "0.05", "--batch-size", "8", "--gram-every", "2", "--no-lazy", "--partitions", "3",
        "--master", "local[2]"), "--epochs", 2, 1, 4, 6);
  }

  @Test
  void deepLastGaussNewtonResumesBitForBit() {
    assertResumesBitForBit(List.of("--model", "deep-last", "--depth", "2", "--width", "256",
        "--synthetic", "sphere:n=16,d=5,target=random,seed=2", "--partitions", "3",
        "--tolerance", "0", "--master", "local[2]"), 2, 1, 4);
  }
}
