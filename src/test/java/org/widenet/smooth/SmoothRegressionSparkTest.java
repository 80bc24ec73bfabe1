package org.widenet.smooth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;

/** smooth2 fitted on the Spark engine against the local engine: same blocks, same numbers. */
class SmoothRegressionSparkTest {
  private static final int N = 10;
  private static final int D0 = 4;
  private static final int K = 2;
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    jsc = SparkFixture.context(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static SmoothFit fit(SmoothSettings s) {
    return SmoothRegression.fit(SmoothTrainerTest.unitRows(N, D0, 1),
        SmoothTrainerTest.targets(N, K, 2), N, D0, K, s);
  }

  @Test
  void sparkMatchesLocalBitForBitForGdAndSgd() {
    SmoothSettings gd = SmoothSettings.defaults().withWidth(40).withIterations(4)
        .withActivation(SmoothActivation.SOFTPLUS).withBlocks(3);
    SmoothSettings sgd = gd.withOptimizer(SmoothOptimizer.SGD).withBatchSize(4).withEpochs(2)
        .withBlocks(20);
    for (SmoothSettings s : new SmoothSettings[] {gd, sgd}) {
      SmoothFit local = fit(s);
      SmoothFit onSpark = fit(s.withSparkContext(jsc));
      assertArrayEquals(local.trainOutputs(), onSpark.trainOutputs(), 0.0);
      assertArrayEquals(local.losses(), onSpark.losses(), 0.0);
      assertEquals(local.lambdaMinInitial(), onSpark.lambdaMinInitial(), 0.0);
      assertEquals(local.gramDrift(), onSpark.gramDrift(), 0.0);
      assertEquals(local.lazyDistance(), onSpark.lazyDistance(), 0.0);
      double[] xTest = SmoothTrainerTest.unitRows(3, D0, 9);
      assertArrayEquals(local.predict(xTest, 3), onSpark.predict(xTest, 3), 0.0);
      SmoothFit oneBlock = fit(s.withBlocks(1));
      assertTrue(Tolerance.maxRelativeError(oneBlock.trainOutputs(), onSpark.trainOutputs())
          < Tolerance.REORDERED);
    }
  }
}
