package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.model.DenseInputs;
import org.widenet.softmax.Normalizers;
import org.widenet.softmax.SoftmaxBlock;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxFit;
import org.widenet.softmax.SoftmaxJobs;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.softmax.SoftmaxReference;
import org.widenet.softmax.SoftmaxRegression;
import org.widenet.softmax.SoftmaxResult;
import org.widenet.softmax.SoftmaxSettings;
import org.widenet.softmax.SoftmaxSgdConfig;
import org.widenet.softmax.SoftmaxSgdResult;
import org.widenet.softmax.SoftmaxSgdTrainer;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.softmax.SoftmaxTrainConfig;
import org.widenet.softmax.SoftmaxTrainer;
import org.widenet.testutil.RecordingListener;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;
import org.widenet.train.BlockEngine;
import org.widenet.train.IterationRecord;
import org.widenet.train.LocalEngine;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainingListener;

/**
 * softmax2 on the generic Spark engine against the local engine, bit for bit: gd with Gram
 * diagnostics, gn, the coupling and regression jobs, mini-batch sgd, grouped merges, block-file
 * checkpoints, and blocks lost mid-training rebuilt by replay.
 */
class SoftmaxOnSparkEngineTest {
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

  private static final int N = 9;
  private static final int D = 4;
  private static final int K = 3;

  private static SparkEngine sparkEngine(SoftmaxSpec spec, int blocks, double[] x,
      SparkEngine.Options options) {
    return new SparkEngine(jsc, new SoftmaxFamily(spec), blocks, new DenseInputs(x, N, D),
        options);
  }

  private static SparkEngine sparkEngine(SoftmaxSpec spec, int blocks, double[] x) {
    return sparkEngine(spec, blocks, x, SparkEngine.Options.defaults());
  }

  /** 6 GD steps with eta = 0.5 / lambda_max(J J^T(0)) on the given engine. */
  private static SoftmaxResult train(BlockEngine engine, SoftmaxSpec spec, double[] x,
      double[] y, int gramEvery, TrainingListener listener) {
    SoftmaxTrainConfig config = new SoftmaxTrainConfig(6, Double.NaN, 0.5,
        OptimizerKind.GD, 0.0, gramEvery);
    return new SoftmaxTrainer(spec, config, x, y, N, D).run(engine, listener, null, 0);
  }

  private static List<SoftmaxBlock> collect(SparkEngine engine) {
    List<SoftmaxBlock> blocks = new ArrayList<>(engine.<SoftmaxBlock>blocks().collect());
    blocks.sort(Comparator.comparingInt(SoftmaxBlock::blockId));
    return blocks;
  }

  private static double sgdRate(SoftmaxSpec spec, double[] x, double[] y) {
    return new SoftmaxTrainer(spec, SoftmaxTrainConfig.gd(0), x, y, N, D)
        .run(SoftmaxFamily.localEngine(spec, 1, x, N, D), null, null, 0).learningRate();
  }

  /**
   * Mini-batch SGD (batch indices, residual and batch-row normalizers broadcast, sums on the
   * next batch's rows returned) repeats bit for bit on Spark, also when the blocks are
   * checkpointed to block files every 3 steps and reloaded from them.
   */
  @Test
  void sgdOnSparkMatchesLocalBitForBit(@TempDir Path dir) {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    SoftmaxSpec spec = new SoftmaxSpec(48, K, 1.0, 3L, true);
    // batch 3 of n = 9 rows, 4 epochs: 12 steps, 4 checkpoints
    SoftmaxSgdConfig config = new SoftmaxSgdConfig(sgdRate(spec, x, y), 4, 3, 9L);
    SoftmaxSgdResult local = new SoftmaxSgdTrainer(spec, config, x, y, N, D)
        .run(SoftmaxFamily.localEngine(spec, 3, x, N, D), null);
    assertTrue(local.finalLoss() < local.initialLoss(), Arrays.toString(local.losses()));
    try (SparkEngine engine = sparkEngine(spec, 3, x)) {
      SoftmaxSgdResult r = new SoftmaxSgdTrainer(spec, config, x, y, N, D).run(engine, null);
      assertArrayEquals(local.losses(), r.losses(), 0.0);
      assertArrayEquals(local.finalOutputs(), r.finalOutputs(), 0.0);
    }
    try (SparkEngine engine = sparkEngine(spec, 3, x, new SparkEngine.Options(
        dir.toUri().toString(), 3, 16))) {
      SoftmaxSgdResult r = new SoftmaxSgdTrainer(spec, config, x, y, N, D).run(engine, null);
      assertEquals(12, r.steps());
      assertTrue(engine.lastCheckpointFile().isPresent(), "checkpoints were written");
      assertArrayEquals(local.losses(), r.losses(), 0.0);
      assertArrayEquals(local.finalOutputs(), r.finalOutputs(), 0.0);
    }
  }

  @Test
  void sparkMatchesLocalBitForBitAndPartitionCountsAgree() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    SoftmaxSpec spec = new SoftmaxSpec(48, K, 1.0, 3L, true);
    LocalEngine localEngine = SoftmaxFamily.localEngine(spec, 3, x, N, D);
    SoftmaxResult local = train(localEngine, spec, x, y, 2, null);
    SoftmaxResult base = null;
    for (int blocks : new int[] {1, 3, 8}) {
      try (SparkEngine engine = sparkEngine(spec, blocks, x)) {
        SoftmaxResult r = train(engine, spec, x, y, 2, null);
        if (blocks == 3) {
          assertArrayEquals(local.losses(), r.losses(), 0.0);
          assertArrayEquals(local.finalOutputs(), r.finalOutputs(), 0.0);
          double[][] sparkNet = SoftmaxReference.assemble(collect(engine), D, K);
          double[][] localNet = SoftmaxReference.assemble(localEngine.blocks(), D, K);
          assertEquals(D * 48, sparkNet[0].length);
          assertArrayEquals(localNet[0], sparkNet[0], 0.0);
          assertArrayEquals(localNet[1], sparkNet[1], 0.0);
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

  /** Groups of 2 shares merged on executors, then on the driver: the local engine's order. */
  @Test
  void groupedMergesMatchTheLocalEngineBitForBit() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    SoftmaxSpec spec = new SoftmaxSpec(48, K, 1.0, 3L, true);
    SoftmaxResult local = train(new LocalEngine(new SoftmaxFamily(spec), 8,
        new DenseInputs(x, N, D), 2), spec, x, y, 2, null);
    try (SparkEngine engine = sparkEngine(spec, 8, x, new SparkEngine.Options(null, 10, 2))) {
      SoftmaxResult r = train(engine, spec, x, y, 2, null);
      assertArrayEquals(local.losses(), r.losses(), 0.0);
      assertArrayEquals(local.finalOutputs(), r.finalOutputs(), 0.0);
    }
  }

  /**
   * Cached blocks dropped mid-training (as a lost executor drops them) are rebuilt from the
   * seed by replaying the logged steps, and the run is bit for bit the undisturbed one: gd
   * (Gram diagnostics between steps) and sgd (batch steps replayed with a forward pass over
   * every row).
   */
  @Test
  void lostBlocksAreRebuiltByReplayToTheSameResult() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    SoftmaxSpec spec = new SoftmaxSpec(48, K, 1.0, 3L, true);
    RecordingListener undisturbed = new RecordingListener();
    SoftmaxResult local = train(SoftmaxFamily.localEngine(spec, 3, x, N, D), spec, x, y, 2,
        undisturbed);
    try (SparkEngine engine = sparkEngine(spec, 3, x)) {
      RecordingListener rec = new RecordingListener();
      SoftmaxResult r = train(engine, spec, x, y, 2, dropping(engine, rec, 2, 4));
      assertArrayEquals(local.losses(), r.losses(), 0.0);
      assertArrayEquals(local.finalOutputs(), r.finalOutputs(), 0.0);
      assertRecordsEqual(undisturbed.records, rec.records);
      // 3 blocks replay 2 steps after the first loss, 4 after the second.
      assertEquals(3 * 2 + 3 * 4, engine.replayedSteps());
    }
    SoftmaxSgdConfig config = new SoftmaxSgdConfig(sgdRate(spec, x, y), 4, 2, 9L);
    RecordingListener sgdUndisturbed = new RecordingListener();
    SoftmaxSgdResult sgdLocal = new SoftmaxSgdTrainer(spec, config, x, y, N, D)
        .run(SoftmaxFamily.localEngine(spec, 3, x, N, D), sgdUndisturbed);
    try (SparkEngine engine = sparkEngine(spec, 3, x)) {
      RecordingListener rec = new RecordingListener();
      // 5 batches of 2 rows per epoch: dropped after epochs 1 and 2 (steps 5 and 10).
      SoftmaxSgdResult r = new SoftmaxSgdTrainer(spec, config, x, y, N, D)
          .run(engine, dropping(engine, rec, 5, 10));
      assertArrayEquals(sgdLocal.losses(), r.losses(), 0.0);
      assertArrayEquals(sgdLocal.finalOutputs(), r.finalOutputs(), 0.0);
      assertRecordsEqual(sgdUndisturbed.records, rec.records);
      assertEquals(3 * 5 + 3 * 10, engine.replayedSteps());
    }
  }

  /** A listener that records, and drops the engine's cached blocks after the given records. */
  private static TrainingListener dropping(SparkEngine engine, RecordingListener rec,
      int... after) {
    return new TrainingListener() {
      @Override
      public void onIteration(IterationRecord record) {
        rec.onIteration(record);
        if (Arrays.stream(after).anyMatch(t -> t == record.iteration())) {
          engine.dropCachedBlocks();
        }
      }

      @Override
      public void onLearningRate(double eta, boolean automatic) {
        rec.onLearningRate(eta, automatic);
      }
    };
  }

  private static void assertRecordsEqual(List<IterationRecord> expected,
      List<IterationRecord> actual) {
    assertEquals(expected.size(), actual.size());
    for (int t = 0; t < expected.size(); t++) {
      IterationRecord e = expected.get(t);
      IterationRecord a = actual.get(t);
      assertEquals(e.iteration(), a.iteration());
      assertEquals(e.loss(), a.loss(), 0.0, "loss of record " + t);
      assertEquals(e.lambdaMin(), a.lambdaMin(), 0.0, "lambda_min of record " + t);
      assertEquals(e.lambdaMax(), a.lambdaMax(), 0.0, "lambda_max of record " + t);
      assertEquals(e.gramDrift(), a.gramDrift(), 0.0, "Gram drift of record " + t);
      assertEquals(e.maxMove(), a.maxMove(), 0.0, "max move of record " + t);
      assertEquals(e.froMove(), a.froMove(), 0.0, "movement of record " + t);
    }
  }

  /** A softmax2 block file reads back bit for bit (weights, signs, header, steps). */
  @Test
  void blockFilesRoundTripBitExact(@TempDir Path dir) throws java.io.IOException {
    SoftmaxSpec spec = new SoftmaxSpec(40, K, 1.0, 3L, false);
    SoftmaxFamily family = new SoftmaxFamily(spec);
    SplittableRandom random = new SplittableRandom(7L);
    int count = 13;
    double[] w = new double[D * count];
    for (int p = 0; p < w.length; p++) {
      w[p] = random.nextGaussian() * Math.pow(10, random.nextInt(-300, 300));
    }
    w[0] = -0.0;
    w[1] = Double.MIN_VALUE;
    w[2] = Double.NaN;
    double[] a = new double[K * count];
    for (int p = 0; p < a.length; p++) {
      a[p] = random.nextBoolean() ? 1.0 : -1.0;
    }
    Map<String, String> conf = BlockFiles.settings(new Configuration());
    SoftmaxBlock block = (SoftmaxBlock) family.readBlock(dataOf(D, K, a, w), 2, 20L, count, 17);
    long[] info = BlockFiles.write(block, family, dir.toString(), conf);
    SoftmaxBlock back = (SoftmaxBlock) BlockFiles.read(family, dir.toString(), 2, info[2], conf);
    assertEquals(2, back.blockId());
    assertEquals(20L, back.firstNeuron());
    assertEquals(count, back.count());
    assertEquals(17, back.stepsApplied());
    assertEquals(D, back.inputDim());
    assertEquals(K, back.outputs());
    for (int p = 0; p < w.length; p++) {
      assertEquals(Double.doubleToRawLongBits(w[p]), Double.doubleToRawLongBits(
          back.weights()[p]), "weight " + p);
    }
    assertArrayEquals(a, back.signs(), 0.0);
  }

  private static java.io.DataInputStream dataOf(int d, int k, double[] a, double[] w) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeInt(d);
      out.writeInt(k);
      for (double v : a) {
        out.writeLong(Double.doubleToRawLongBits(v));
      }
      for (double v : w) {
        out.writeLong(Double.doubleToRawLongBits(v));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()));
  }

  @Test
  void couplingAndRegressionPassesMatchLocal() {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    double[] xTest = SoftmaxReference.inputs(4, D, 9L);
    SoftmaxSpec spec = new SoftmaxSpec(30, K, 1.0, 3L, true);
    SoftmaxTrainConfig config = SoftmaxTrainConfig.gd(4);
    SoftmaxResult local = new SoftmaxTrainer(spec, config, x, y, N, D)
        .run(SoftmaxFamily.localEngine(spec, 3, x, N, D), null, xTest, 4);
    try (SparkEngine engine = sparkEngine(spec, 3, x)) {
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
        OptimizerKind.GN, 1e-8, 1);
    SoftmaxResult local = new SoftmaxTrainer(spec, config, x, y, N, D)
        .run(SoftmaxFamily.localEngine(spec, 3, x, N, D), null, null, 0);
    try (SparkEngine engine = sparkEngine(spec, 3, x)) {
      SoftmaxResult onSpark = new SoftmaxTrainer(spec, config, x, y, N, D)
          .run(engine, null, null, 0);
      assertArrayEquals(local.losses(), onSpark.losses(), 0.0);
    }
    assertTrue(local.finalLoss() < 1e-3 * local.initialLoss(), "GN loss " + local.finalLoss());
  }

  @Test
  void aSavedModelLoadsBackAndPredictsBitForBit(@TempDir Path dir) {
    double[] x = SoftmaxReference.inputs(N, D, 1L);
    double[] y = SoftmaxReference.labels(N, K, 2L);
    double[] xTest = SoftmaxReference.inputs(5, D, 8L);
    SoftmaxSpec spec = new SoftmaxSpec(40, K, 1.0, 3L, true);
    String path = dir.resolve("model").toUri().toString();
    double[] expected;
    try (SparkEngine engine = sparkEngine(spec, 3, x)) {
      train(engine, spec, x, y, 0, null);
      expected = Normalizers.of(SoftmaxJobs.outputsOn(engine, xTest, 5), spec.width())
          .outputs();
      SoftmaxModelStore.save(spark, engine.blocks(), spec, D, 3, Map.of("iterations", 6),
          path);
    }
    SoftmaxModelStore.Loaded loaded = SoftmaxModelStore.load(spark, path);
    assertTrue(loaded.spec().equals(spec) && loaded.inputDim() == D);
    assertTrue(loaded.blocks().size() == 3);
    assertArrayEquals(expected, loaded.predict(xTest, 5), 0.0);
    assertEquals("softmax2", SavedMetadata.read(spark.sparkContext().hadoopConfiguration(),
        path).map().get(SavedMetadata.FAMILY), "metadata.json names the family");
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
