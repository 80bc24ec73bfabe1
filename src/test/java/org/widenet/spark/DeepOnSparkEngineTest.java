package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.Dataset;
import org.widenet.deep.DeepBlock;
import org.widenet.deep.DeepConfig;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepInputs;
import org.widenet.deep.DeepPartial;
import org.widenet.deep.DeepRecord;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.DeepStep;
import org.widenet.deep.DeepTrainer;
import org.widenet.deep.GnMethod;
import org.widenet.deep.LayerPass;
import org.widenet.deep.SketchRequest;
import org.widenet.deep.SparseColumns;
import org.widenet.model.Block;
import org.widenet.model.Pass;
import org.widenet.testutil.Problems;
import org.widenet.testutil.SparkFixture;
import org.widenet.train.BlockEngine;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/**
 * deep-last on the generic Spark engine: the same bits as the local engine (pass by pass and
 * whole runs of every method), lost blocks rebuilt by replay to the same run, and block files
 * that read back bit for bit.
 */
class DeepOnSparkEngineTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    jsc = SparkFixture.context(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static SparseColumns x(Dataset data) {
    return LayerPass.inputs(data.n(), data.d(), data.x());
  }

  /** A run's records without their wall times, compared as records (bit for bit). */
  private static void assertSameRun(List<DeepRecord> a, List<DeepRecord> b, String what) {
    assertEquals(a.size(), b.size(), what);
    for (int t = 0; t < a.size(); t++) {
      assertEquals(untimed(a.get(t)), untimed(b.get(t)), what + ", iteration " + t);
    }
  }

  private static DeepRecord untimed(DeepRecord r) {
    return new DeepRecord(r.iteration(), r.loss(), r.residualNorm(), r.contraction(),
        r.lambdaMin(), r.lambdaMax(), r.gramDrift(), r.rowMovement(), r.rowMovementBound(),
        r.sketchError(), r.activeFraction(), r.cgIterations(), 0);
  }

  /** Exact GN, TensorSRHT and CG, with the exact Gram check, running every iteration. */
  private static DeepConfig[] methods(int iterations, int sketchSize) {
    DeepConfig exact = new DeepConfig(iterations, GnMethod.EXACT, 0, 0, 0, true, 1e-10, 500, 1);
    return new DeepConfig[] {exact, exact.with(GnMethod.TENSORSRHT, sketchSize),
        exact.with(GnMethod.CG, 0)};
  }

  @Test
  void everyPassMatchesTheLocalEngineBitForBit() {
    int n = 12;
    int d = 5;
    Dataset data = Problems.sphere(n, d, "random", 21);
    DeepSpec spec = DeepSpec.withAlpha(d, 96, 3, 0.1, 4);
    DeepFamily family = new DeepFamily(spec);
    // The frozen layers on Spark (one job per layer) give the local pass's V exactly.
    LayerPass.Result frozen = SparkLayerJobs.run(jsc, spec, 5, x(data));
    LayerPass.Result frozenHere = DeepFamily.frozenLocally(spec, 5, x(data));
    assertEquals(frozenHere.v(), frozen.v());
    assertEquals(frozenHere.stats(), frozen.stats());
    DeepInputs in = new DeepInputs(frozen.v());
    // 5 blocks in merge groups of 2: the grouped (shuffle) merge runs.
    LocalEngine local = new LocalEngine(family, 5, in, 2);
    try (SparkEngine distributed = new SparkEngine(jsc, family, 5, in,
        new SparkEngine.Options(null, 0, 2))) {
      double[] step = null;
      for (int t = 0; t < 4; t++) {
        SketchRequest sketch = new SketchRequest(t % 2 == 0 ? GnMethod.TENSORSRHT
            : GnMethod.TENSORSKETCH, 32, t, spec.width());
        Pass pass = Pass.of(true, null, sketch);
        DeepStep update = step == null ? null : new DeepStep(step);
        DeepPartial a = (DeepPartial) local.advance(update, pass, t);
        DeepPartial b = (DeepPartial) distributed.advance(update, pass, t);
        assertArrayEquals(a.f(), b.f());
        assertArrayEquals(a.uu(), b.uu());
        assertArrayEquals(a.sketch(), b.sketch());
        assertEquals(a.maxMove(), b.maxMove());
        assertEquals(a.active(), b.active());
        // The same weights without the Gram or a sketch: the forward pass again.
        DeepPartial c = (DeepPartial) distributed.advance(null, Pass.FORWARD, t);
        assertArrayEquals(a.f(), c.f());
        assertNull(c.uu());
        assertNull(c.sketch());
        double[] probe = new double[n];
        for (int i = 0; i < n; i++) {
          probe[i] = Math.cos(i + t);
        }
        assertArrayEquals(DeepFamily.gramTimes(local, probe),
            DeepFamily.gramTimes(distributed, probe));
        step = new double[n];
        for (int i = 0; i < n; i++) {
          step[i] = 1e-3 * (a.f()[i] - data.y()[i]);
        }
      }
    }
  }

  @Test
  void trainingOnSparkMatchesLocalTrainingBitForBit() {
    int n = 16;
    int d = 6;
    Dataset data = Problems.sphere(n, d, "random", 22);
    DeepSpec spec = DeepSpec.withAlpha(d, 512, 2, 0.1, 5);
    DeepFamily family = new DeepFamily(spec);
    DeepInputs in = new DeepInputs(SparkLayerJobs.run(jsc, spec, 3, x(data)).v());
    for (DeepConfig config : methods(3, 512)) {
      DeepTrainer.Result a = DeepTrainer.train(new LocalEngine(family, 3, in,
          OrderedSum.DEFAULT_FAN_IN), in, data.y(), config, r -> { });
      try (BlockEngine engine = new SparkEngine(jsc, family, 3, in,
          SparkEngine.Options.defaults())) {
        DeepTrainer.Result b = DeepTrainer.train(engine, in, data.y(), config, r -> { });
        assertEquals(4, a.records().size(), config.method() + ": every iteration runs");
        assertSameRun(a.records(), b.records(), config.method().toString());
        if (config.method() == GnMethod.CG) {
          assertTrue(b.records().get(0).cgIterations() > 0);
        }
      }
    }
  }

  /**
   * Cached blocks dropped mid-training (as a lost executor would) are rebuilt from the seed, or
   * from the engine's own block-file checkpoint, by replaying the logged steps: the run is bit
   * for bit the undisturbed one.
   */
  @Test
  void lostBlocksAreRebuiltByReplayToTheSameRun() {
    Dataset data = Problems.sphere(14, 5, "random", 4);
    DeepSpec spec = DeepSpec.withAlpha(5, 240, 3, 0.1, 6);
    DeepFamily family = new DeepFamily(spec);
    DeepInputs in = new DeepInputs(DeepFamily.frozenLocally(spec, 3, x(data)).v());
    for (DeepConfig config : methods(5, 256)) {
      DeepConfig run = config.withExactCheck(false);
      List<DeepRecord> undisturbed = DeepTrainer.train(new LocalEngine(family, 3, in,
          OrderedSum.DEFAULT_FAN_IN), in, data.y(), run, r -> { }).records();
      assertEquals(6, undisturbed.size());
      // From the seed: 3 blocks replay 1 step after the first loss, 3 after the second.
      assertEquals(3 * 1 + 3 * 3, replayedWhenDropping(family, in, data, run,
          SparkEngine.Options.defaults(), undisturbed, config.method() + " from the seed"));
      // From block files written every 2 steps: 1 step replayed after each loss.
      String checkpoints = dir.resolve(config.method().cliName()).toString();
      assertEquals(3 * 1 + 3 * 1, replayedWhenDropping(family, in, data, run,
          new SparkEngine.Options(checkpoints, 2, OrderedSum.DEFAULT_FAN_IN), undisturbed,
          config.method() + " from block files"));
    }
  }

  /**
   * Trains on a Spark engine of 3 blocks whose cached blocks are dropped after iterations 1
   * and 3, checks the run against the undisturbed one, and returns the steps replayed.
   */
  private static long replayedWhenDropping(DeepFamily family, DeepInputs in, Dataset data,
      DeepConfig config, SparkEngine.Options options, List<DeepRecord> undisturbed,
      String what) {
    try (SparkEngine engine = new SparkEngine(jsc, family, 3, in, options)) {
      List<DeepRecord> records = DeepTrainer.train(engine, in, data.y(), config,
          dropping(engine, 1, 3)).records();
      assertSameRun(undisturbed, records, what);
      assertEquals(options.checkpointDir() != null, engine.lastCheckpointFile().isPresent());
      return engine.replayedSteps();
    }
  }

  private static Consumer<DeepRecord> dropping(SparkEngine engine, int... iterations) {
    return r -> {
      for (int t : iterations) {
        if (r.iteration() == t) {
          engine.dropCachedBlocks();
        }
      }
    };
  }

  /**
   * Block files hold a, g0 and C_b as raw bits: a block read back equals the block written, and
   * its forward pass, and a step taken before any forward pass (u recomputed from C_b), give
   * the original's bits.
   */
  @Test
  void blockFilesRoundTripBitForBit() {
    Dataset data = Problems.sphere(10, 4, "random", 9);
    DeepSpec spec = DeepSpec.withAlpha(4, 100, 3, 0.1, 2);
    DeepFamily family = new DeepFamily(spec);
    DeepInputs in = new DeepInputs(DeepFamily.frozenLocally(spec, 3, x(data)).v());
    LocalEngine engine = new LocalEngine(family, 3, in, OrderedSum.DEFAULT_FAN_IN);
    double[] g = new double[10];
    for (int i = 0; i < 10; i++) {
      g[i] = 0.2 * Math.cos(3.0 * i);
    }
    engine.advance(null, Pass.FORWARD, 0);
    engine.advance(new DeepStep(g), Pass.FORWARD, 1);
    engine.advance(new DeepStep(g), Pass.FORWARD, 2);
    Map<String, String> conf = BlockFiles.settings(new Configuration());
    String where = dir.resolve("blocks").toString();
    List<DeepBlock> written = engine.blocks();
    List<Block> read = new ArrayList<>();
    for (DeepBlock block : written) {
      long[] info = BlockFiles.write(block, family, where, conf);
      Block back = BlockFiles.read(family, where, block.blockId(), info[2], conf);
      DeepBlock b = (DeepBlock) back;
      assertEquals(block.blockId(), b.blockId());
      assertEquals(block.firstNeuron(), b.firstNeuron());
      assertEquals(block.count(), b.count());
      assertEquals(2, b.stepsApplied());
      assertBits(block.signs(), b.signs());
      assertBits(block.initialPreActivations(), b.initialPreActivations());
      assertBits(block.coefficients(), b.coefficients());
      assertNull(b.partial());
      read.add(back);
    }
    // A step straight after the read (u recomputed) and a plain forward pass after that.
    double[] h = new double[10];
    for (int i = 0; i < 10; i++) {
      h[i] = -0.1 * Math.sin(i + 1.0);
    }
    SketchRequest sketch = new SketchRequest(GnMethod.TENSORSKETCH, 16, 5, spec.width());
    for (int b = 0; b < written.size(); b++) {
      Block original = written.get(b);
      Block copy = read.get(b);
      for (Pass pass : new Pass[] {Pass.of(true, null, sketch), Pass.WITH_GRAM}) {
        DeepStep step = pass == Pass.WITH_GRAM ? null : new DeepStep(h);
        original = family.advance(original, in, step, pass);
        copy = family.advance(copy, in, step, pass);
        DeepPartial p = (DeepPartial) original.partial();
        DeepPartial q = (DeepPartial) copy.partial();
        assertBits(p.f(), q.f());
        assertBits(p.uu(), q.uu());
        assertEquals(p.maxMove(), q.maxMove());
        assertEquals(p.active(), q.active());
        assertBits(((DeepBlock) original).coefficients(), ((DeepBlock) copy).coefficients());
        assertBits(((DeepBlock) original).u(), ((DeepBlock) copy).u());
        if (step != null) {
          assertBits(p.sketch(), q.sketch());
          assertEquals(3, copy.stepsApplied());
        }
      }
    }
  }

  private static void assertBits(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int k = 0; k < expected.length; k++) {
      assertEquals(Double.doubleToRawLongBits(expected[k]), Double.doubleToRawLongBits(actual[k]),
          "entry " + k);
    }
  }
}
