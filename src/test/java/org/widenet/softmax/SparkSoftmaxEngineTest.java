package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;

/** The Spark engine against the local engine, and across partition counts. */
class SparkSoftmaxEngineTest {
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

  private static final int N = SoftmaxEngineTest.N;
  private static final int D = SoftmaxEngineTest.D;
  private static final int K = SoftmaxEngineTest.K;

  /**
   * Mini-batch SGD (batch indices, residual and batch-row normalizers broadcast, sums on the
   * next batch's rows returned) repeats bit for bit on Spark, across local checkpoints.
   */
  @Test
  void sgdOnSparkMatchesLocalBitForBit() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    SoftmaxSpec spec = new SoftmaxSpec(48, K, 1.0, 3L, true);
    // batch 3 of n = 9 rows, 4 epochs: more passes than CHECKPOINT_EVERY
    double eta = new SoftmaxTrainer(spec, SoftmaxTrainConfig.gd(0), x, y, N, D)
        .run(new LocalSoftmaxEngine(spec, 1, x, N, D), null, null, 0).learningRate();
    SoftmaxSgdConfig config = new SoftmaxSgdConfig(eta, 4, 3, 9L);
    SoftmaxSgdResult local = new SoftmaxSgdTrainer(spec, config, x, y, N, D)
        .run(new LocalSoftmaxEngine(spec, 3, x, N, D), null);
    try (SparkSoftmaxEngine engine = new SparkSoftmaxEngine(jsc, spec, 3, x, N, D)) {
      SoftmaxSgdResult r = new SoftmaxSgdTrainer(spec, config, x, y, N, D).run(engine, null);
      assertTrue(r.steps() > SparkSoftmaxEngine.CHECKPOINT_EVERY);
      assertArrayEquals(local.losses(), r.losses(), 0.0);
      assertArrayEquals(local.finalOutputs(), r.finalOutputs(), 0.0);
      assertTrue(local.finalLoss() < local.initialLoss(), java.util.Arrays.toString(
          local.losses()));
    }
  }

  @Test
  void sparkMatchesLocalBitForBitAndPartitionCountsAgree() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    SoftmaxSpec spec = new SoftmaxSpec(48, K, 1.0, 3L, true);
    SoftmaxResult local = SoftmaxEngineTest.train(new LocalSoftmaxEngine(spec, 3, x, N, D),
        spec, x, y, 2);
    SoftmaxResult base = null;
    for (int blocks : new int[] {1, 3, 8}) {
      try (SparkSoftmaxEngine engine = new SparkSoftmaxEngine(jsc, spec, blocks, x, N, D)) {
        SoftmaxResult r = SoftmaxEngineTest.train(engine, spec, x, y, 2);
        if (blocks == 3) {
          assertArrayEquals(local.losses(), r.losses(), 0.0);
          assertArrayEquals(local.finalOutputs(), r.finalOutputs(), 0.0);
          double[][] sparkNet = SoftmaxReference.assemble(engine.collectBlocks(), D, K);
          assertTrue(sparkNet[0].length == D * 48);
        }
        if (base == null) {
          base = r;
        } else {
          assertTrue(Tolerance.maxRelativeError(base.losses(), r.losses())
              < Tolerance.REORDERED, blocks + " partitions: losses");
          assertTrue(Tolerance.maxRelativeError(base.finalOutputs(), r.finalOutputs())
              < Tolerance.REORDERED, blocks + " partitions: outputs");
        }
      }
    }
  }

  @Test
  void couplingAndRegressionPassesMatchLocal() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    double[] xTest = SoftmaxReference.inputs(4, D, 9L);
    SoftmaxSpec spec = new SoftmaxSpec(30, K, 1.0, 3L, true);
    SoftmaxTrainConfig config = SoftmaxTrainConfig.gd(4);
    SoftmaxResult local = new SoftmaxTrainer(spec, config, x, y, N, D)
        .run(new LocalSoftmaxEngine(spec, 3, x, N, D), null, xTest, 4);
    try (SparkSoftmaxEngine engine = new SparkSoftmaxEngine(jsc, spec, 3, x, N, D)) {
      SoftmaxResult onSpark = new SoftmaxTrainer(spec, config, x, y, N, D)
          .run(engine, null, xTest, 4);
      assertArrayEquals(local.couplingErrors(), onSpark.couplingErrors(), 0.0);
      assertArrayEquals(local.losses(), onSpark.losses(), 0.0);
    }
  }

  @Test
  void gaussNewtonOnSparkMatchesLocal() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    SoftmaxSpec spec = new SoftmaxSpec(60, K, 1.0, 3L, true);
    SoftmaxTrainConfig config = new SoftmaxTrainConfig(3, Double.NaN, 0.5,
        org.widenet.train.OptimizerKind.GN, 1e-8, 1);
    SoftmaxResult local = new SoftmaxTrainer(spec, config, x, y, N, D)
        .run(new LocalSoftmaxEngine(spec, 3, x, N, D), null, null, 0);
    try (SparkSoftmaxEngine engine = new SparkSoftmaxEngine(jsc, spec, 3, x, N, D)) {
      SoftmaxResult onSpark = new SoftmaxTrainer(spec, config, x, y, N, D)
          .run(engine, null, null, 0);
      assertArrayEquals(local.losses(), onSpark.losses(), 0.0);
    }
    assertTrue(local.finalLoss() < 1e-3 * local.initialLoss(), "GN loss " + local.finalLoss());
  }

  @Test
  void aSavedModelLoadsBackAndPredictsBitForBit(@org.junit.jupiter.api.io.TempDir
      java.nio.file.Path dir) {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    double[] xTest = SoftmaxReference.inputs(5, D, 8L);
    SoftmaxSpec spec = new SoftmaxSpec(40, K, 1.0, 3L, true);
    String path = dir.resolve("model").toUri().toString();
    double[] expected;
    try (SparkSoftmaxEngine engine = new SparkSoftmaxEngine(jsc, spec, 3, x, N, D)) {
      SoftmaxEngineTest.train(engine, spec, x, y, 0);
      expected = Normalizers.of(engine.evaluate(xTest, 5), spec.width()).outputs();
      SoftmaxModelStore.save(spark, engine.blocks(), spec, D, 3,
          java.util.Map.of("iterations", 6), path);
    }
    SoftmaxModelStore.Loaded loaded = SoftmaxModelStore.load(spark, path);
    assertTrue(loaded.spec().equals(spec) && loaded.inputDim() == D);
    assertTrue(loaded.blocks().size() == 3);
    assertArrayEquals(expected, loaded.predict(xTest, 5), 0.0);
    assertTrue(SoftmaxModelStore.isSoftmaxModel(path));
  }

  @Test
  void fitOnSparkPredictsLikeFitLocally() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    SoftmaxSettings settings = SoftmaxSettings.defaults().withWidth(40).withIterations(5)
        .withBlocks(3).withSeed(4L);
    SoftmaxFit local = SoftmaxRegression.fit(x, y, N, D, K, settings);
    SoftmaxFit onSpark = SoftmaxRegression.fit(x, y, N, D, K, settings.withSpark(jsc));
    double[] xTest = SoftmaxReference.inputs(5, D, 8L);
    assertArrayEquals(local.losses(), onSpark.losses(), 0.0);
    assertArrayEquals(local.predict(xTest, 5), onSpark.predict(xTest, 5), 0.0);
  }
}
