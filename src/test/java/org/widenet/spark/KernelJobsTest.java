package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.analysis.KernelChoice;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.math.AnalyticKernels;
import org.widenet.math.PackedSymmetric;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;

/**
 * The analytic kernels assembled on the executors in row blocks agree with the kernels computed
 * on the driver, for both kinds, with sigma and the J J^T scale factor applied.
 */
class KernelJobsTest {
  private static final int N = KernelJobs.DRIVER_LIMIT + 300;
  private static final int D = 4;

  private static SparkSession spark;
  private static JavaSparkContext jsc;
  private static Dataset large;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    jsc = SparkFixture.context(spark);
    large = SyntheticSpec.parse("sphere:n=" + N + ",d=" + D + ",target=random,seed=7")
        .generate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @AfterEach
  void clearJobGroup() {
    jsc.clearJobGroup();
  }

  /** Runs KernelJobs.analytic under a job group and returns it with the number of Spark jobs. */
  private static double[] analytic(String group, KernelChoice choice, Dataset data, int jobs) {
    jsc.setJobGroup(group, group, false);
    double[] k = KernelJobs.analytic(jsc, choice, data);
    jsc.clearJobGroup();
    int ran = jsc.statusTracker().getJobIdsForGroup(group).length;
    if (jobs > 0) {
      assertTrue(ran >= jobs, group + ": expected the kernel to be computed by Spark jobs");
    } else {
      assertEquals(0, ran, group + ": expected the kernel to be computed on the driver");
    }
    return k;
  }

  private static void assertSame(double[] want, double[] got, String what) {
    assertEquals(PackedSymmetric.packedLength(N), got.length, what + ": packed length");
    double err = Tolerance.maxRelativeError(want, got);
    assertTrue(err <= Tolerance.EXACT, what + ": distributed and driver kernels differ by "
        + err);
  }

  @Test
  void distributedReluKernelEqualsTheDriverKernel() {
    KernelChoice choice = new KernelChoice(AnalyticKernels.Kind.RELU_INF, 1.0, 1.0);
    double[] driver = choice.compute(large);
    double[] distributed = analytic("relu", choice, large, 1);
    assertSame(driver, distributed, "relu-inf");
    assertEquals(0.5, PackedSymmetric.get(distributed, N - 1, N - 1), 1e-12,
        "the last diagonal entry (last row block) is ||x||^2 / 2");
    assertTrue(PackedSymmetric.get(distributed, 0, N - 1) != 0.0,
        "the corner entry was never filled");
  }

  @Test
  void distributedExpKernelUsesSigmaAndEqualsTheDriverKernel() {
    KernelChoice choice = new KernelChoice(AnalyticKernels.Kind.EXP_INF, 0.7, 1.0);
    double[] driver = choice.compute(large);
    double[] distributed = analytic("exp", choice, large, 1);
    assertSame(driver, distributed, "exp-inf sigma 0.7");
    double[] sigmaOne = new KernelChoice(AnalyticKernels.Kind.EXP_INF, 1.0, 1.0).compute(large);
    assertTrue(Tolerance.maxRelativeError(sigmaOne, distributed) > 1e-3,
        "the distributed kernel ignores sigma");
  }

  @Test
  void scaleMultipliesEveryEntryOnBothPaths() {
    double[] unscaled = new KernelChoice(AnalyticKernels.Kind.RELU_INF, 1.0, 1.0)
        .compute(large);
    KernelChoice tripled = new KernelChoice(AnalyticKernels.Kind.RELU_INF, 1.0, 3.0);
    double[] times3 = unscaled.clone();
    for (int i = 0; i < times3.length; i++) {
      times3[i] *= 3.0;
    }
    assertArrayEquals(times3, tripled.compute(large), "driver path, scale 3");
    assertSame(times3, analytic("relu-x3", tripled, large, 1), "distributed path, scale 3");

    KernelChoice expTripled = new KernelChoice(AnalyticKernels.Kind.EXP_INF, 0.5, 3.0);
    double[] exp = new KernelChoice(AnalyticKernels.Kind.EXP_INF, 0.5, 1.0).compute(large);
    for (int i = 0; i < exp.length; i++) {
      exp[i] *= 3.0;
    }
    assertSame(exp, analytic("exp-x3", expTripled, large, 1), "distributed exp path, scale 3");
  }

  @Test
  void smallDataStayOnTheDriver() {
    Dataset small = SyntheticSpec.parse("sphere:n=" + KernelJobs.DRIVER_LIMIT + ",d=" + D
        + ",target=random,seed=8").generate();
    KernelChoice choice = new KernelChoice(AnalyticKernels.Kind.EXP_INF, 0.5, 2.0);
    assertArrayEquals(choice.compute(small), analytic("small", choice, small, 0));
  }
}
