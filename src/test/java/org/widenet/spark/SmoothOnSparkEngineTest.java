package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.model.DenseInputs;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;
import org.widenet.smooth.SmoothActivation;
import org.widenet.smooth.SmoothBlock;
import org.widenet.smooth.SmoothFit;
import org.widenet.smooth.SmoothOptimizer;
import org.widenet.smooth.SmoothOutputs;
import org.widenet.smooth.SmoothRecord;
import org.widenet.smooth.SmoothRegression;
import org.widenet.smooth.SmoothSettings;
import org.widenet.smooth.SmoothSpec;
import org.widenet.smooth.SmoothTrainResult;
import org.widenet.smooth.SmoothTrainer;
import org.widenet.testutil.ForwardingEngine;
import org.widenet.testutil.Problems;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;
import org.widenet.train.BlockEngine;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/**
 * smooth2 on the generic Spark engine: blocks lost mid-training are rebuilt by replaying the
 * logged steps (gd, and sgd whose batch steps are replayed with all-rows passes) to the very
 * run an undisturbed local engine gives, and smooth2 blocks survive block files bit for bit.
 */
class SmoothOnSparkEngineTest {
  private static final int N = 10;
  private static final int D0 = 4;
  private static final int K = 2;
  private static final int BLOCKS = 3;
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

  private static double[] inputs() {
    return Problems.sphere(N, D0, "random", 3).x();
  }

  private static double[] targets() {
    Random rng = new Random(4);
    double[] y = new double[N * K];
    for (int i = 0; i < y.length; i++) {
      y[i] = rng.nextDouble() - 0.5;
    }
    return y;
  }

  private static List<SmoothSettings> gdAndSgd() {
    SmoothSettings gd = SmoothSettings.defaults().withWidth(30).withIterations(8)
        .withActivation(SmoothActivation.SOFTPLUS).withGramEvery(3).withBlocks(BLOCKS);
    // 3 batches an epoch: drops before steps 3 and 6 fall inside epochs.
    SmoothSettings sgd = gd.withOptimizer(SmoothOptimizer.SGD).withBatchSize(4).withEpochs(3)
        .withGramEvery(1);
    return List.of(gd, sgd);
  }

  private static SmoothTrainResult train(BlockEngine engine, SmoothSettings s) {
    return new SmoothTrainer((SmoothSpec) engine.family(), s, inputs(), targets(), N)
        .run(engine);
  }

  private static void assertSameRun(SmoothTrainResult want, SmoothTrainResult got,
      String what) {
    assertArrayEquals(want.outputs(), got.outputs(), 0.0, what + ": outputs");
    assertEquals(want.records().size(), got.records().size(), what);
    for (int r = 0; r < want.records().size(); r++) {
      SmoothRecord a = want.records().get(r);
      SmoothRecord b = got.records().get(r);
      double[] wantRow = {a.loss(), a.lambdaMin(), a.lambdaMax(), a.gramDrift(), a.maxMove(),
          a.froMoveW(), a.froMoveV(), a.lazyDistance()};
      double[] gotRow = {b.loss(), b.lambdaMin(), b.lambdaMax(), b.gramDrift(), b.maxMove(),
          b.froMoveW(), b.froMoveV(), b.lazyDistance()};
      assertArrayEquals(wantRow, gotRow, 0.0, what + ": row " + r);
    }
  }

  private static SmoothFit fit(SmoothSettings s) {
    return SmoothRegression.fit(inputs(), targets(), N, D0, K, s);
  }

  /** Fits on the Spark engine equal local fits bit for bit; one block differs by summation. */
  @Test
  void sparkFitsMatchLocalFitsBitForBitForGdAndSgd() {
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
      double[] xTest = Problems.sphere(3, D0, "random", 9).x();
      assertArrayEquals(local.predict(xTest, 3), onSpark.predict(xTest, 3), 0.0);
      SmoothFit oneBlock = fit(s.withBlocks(1));
      assertTrue(Tolerance.maxRelativeError(oneBlock.trainOutputs(), onSpark.trainOutputs())
          < Tolerance.REORDERED);
    }
  }

  /** The same run on both engines, driven by the trainer directly: every metrics column. */
  @Test
  void sparkEngineTrainsBitForBitAsTheLocalEngineForGdAndSgd() {
    for (SmoothSettings s : gdAndSgd()) {
      SmoothSpec spec = s.spec(D0, K);
      SmoothTrainResult local;
      double[] localPredicted;
      try (LocalEngine engine = new LocalEngine(spec, BLOCKS, new DenseInputs(inputs(), N, D0),
          OrderedSum.DEFAULT_FAN_IN)) {
        local = train(engine, s);
        localPredicted = SmoothOutputs.predict(engine, inputs(), N);
      }
      try (SparkEngine engine = new SparkEngine(jsc, spec, BLOCKS,
          new DenseInputs(inputs(), N, D0), SparkEngine.Options.defaults())) {
        assertSameRun(local, train(engine, s), s.optimizer().toString());
        assertArrayEquals(localPredicted, SmoothOutputs.predict(engine, inputs(), N), 0.0);
        List<SmoothBlock> blocks = SmoothRegression.collectBlocks(engine);
        assertEquals(BLOCKS, blocks.size());
        assertEquals(local.steps(), blocks.get(BLOCKS - 1).stepsApplied());
      }
    }
  }

  @Test
  void lostBlocksAreRebuiltByReplayToTheSameResult(@TempDir Path dir) {
    for (SmoothSettings s : gdAndSgd()) {
      SmoothSpec spec = s.spec(D0, K);
      SmoothTrainResult undisturbed;
      try (LocalEngine engine = new LocalEngine(spec, BLOCKS, new DenseInputs(inputs(), N, D0),
          OrderedSum.DEFAULT_FAN_IN)) {
        undisturbed = train(engine, s);
      }
      // From the seed: 3 blocks replay 2 steps before step 3, then 5 before step 6.
      try (SparkEngine engine = new SparkEngine(jsc, spec, BLOCKS,
          new DenseInputs(inputs(), N, D0), SparkEngine.Options.defaults())) {
        Dropping dropping = new Dropping(engine, Set.of(3, 6));
        assertSameRun(undisturbed, train(dropping, s), s.optimizer() + " from the seed");
        assertEquals(List.of(3, 6), dropping.dropped);
        assertEquals(BLOCKS * 2 + BLOCKS * 5, engine.replayedSteps(),
            s.optimizer() + ": steps replayed");
      }
      // From block files written every 2 steps: before step 3 the blocks at step 2 are read
      // back (nothing replayed), before step 6 those of step 4 and one step is replayed.
      String checkpoints = dir.resolve(s.optimizer().toString()).toString();
      try (SparkEngine engine = new SparkEngine(jsc, spec, BLOCKS,
          new DenseInputs(inputs(), N, D0), new SparkEngine.Options(checkpoints, 2,
              OrderedSum.DEFAULT_FAN_IN))) {
        Dropping dropping = new Dropping(engine, Set.of(3, 6));
        assertSameRun(undisturbed, train(dropping, s), s.optimizer() + " from block files");
        assertEquals(List.of(3, 6), dropping.dropped);
        assertEquals(BLOCKS, engine.replayedSteps(), s.optimizer() + ": steps replayed");
        assertTrue(engine.lastCheckpointFile().isPresent());
      }
    }
  }

  @Test
  void blockFilesRoundTripBitForBit(@TempDir Path dir) {
    SmoothSettings s = gdAndSgd().get(0).withIterations(3);
    SmoothSpec spec = s.spec(D0, K);
    Map<String, String> settings = BlockFiles.settings(new Configuration());
    try (LocalEngine engine = new LocalEngine(spec, BLOCKS, new DenseInputs(inputs(), N, D0),
        OrderedSum.DEFAULT_FAN_IN)) {
      train(engine, s);
      for (SmoothBlock block : SmoothRegression.collectBlocks(engine)) {
        long[] written = BlockFiles.write(block, spec, dir.toString(), settings);
        SmoothBlock read = (SmoothBlock) BlockFiles.read(spec, dir.toString(), block.blockId(),
            written[2], settings);
        assertEquals(block.blockId(), read.blockId());
        assertEquals(block.firstNeuron(), read.firstNeuron());
        assertEquals(block.count(), read.count());
        assertEquals(3, read.stepsApplied());
        assertArrayEquals(bits(block.w()), bits(read.w()));
        assertArrayEquals(bits(block.v()), bits(read.v()));
      }
      // Another smooth2 shape, or another family, does not read these files.
      SmoothSpec otherK = new SmoothSpec(spec.activation(), D0, spec.width(), K + 1,
          spec.omega1(), spec.omega2(), spec.seed());
      assertThrows(IllegalStateException.class,
          () -> BlockFiles.read(otherK, dir.toString(), 0, -1, settings));
      assertThrows(IllegalStateException.class,
          () -> BlockFiles.read(Problems.relu2(30, 1), dir.toString(), 0, -1, settings));
    }
  }

  private static long[] bits(double[] a) {
    long[] b = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = Double.doubleToRawLongBits(a[i]);
    }
    return b;
  }

  /** Drops the Spark engine's cached blocks, as a lost executor would, before some steps. */
  private static final class Dropping extends ForwardingEngine {
    private final SparkEngine inner;
    private final Set<Integer> before;
    private final List<Integer> dropped = new ArrayList<>();

    Dropping(SparkEngine inner, Set<Integer> before) {
      super(inner);
      this.inner = inner;
      this.before = before;
    }

    @Override
    public Share advance(Update update, Pass pass, int iteration) {
      if (before.contains(iteration)) {
        inner.dropCachedBlocks();
        dropped.add(iteration);
      }
      return super.advance(update, pass, iteration);
    }
  }
}
