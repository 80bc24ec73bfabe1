package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.Dataset;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;
import org.widenet.train.BlockEngine;
import org.widenet.train.BlockEngineContract;
import org.widenet.train.GramSettings;
import org.widenet.train.IterationRecord;
import org.widenet.train.LocalEngine;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingListener;

/** The Spark engine: the shared contract, agreement with the local engine, checkpoints. */
class SparkEngineTest extends BlockEngineContract {
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

  @Override
  protected BlockEngine engine(NetworkSpec spec, int blocks, double[] x, int n, int d) {
    return new SparkEngine(jsc, spec, blocks, x, n, d, SparkEngine.Options.defaults());
  }

  private static List<IterationRecord> run(BlockEngine engine, TrainConfig config, Dataset data) {
    RecordingListener rec = new RecordingListener();
    new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, rec);
    return rec.records;
  }

  private static double[] column(List<IterationRecord> records, int which) {
    return records.stream().mapToDouble(r -> switch (which) {
      case 0 -> r.loss();
      case 1 -> Double.isNaN(r.lambdaMin()) ? 0 : r.lambdaMin();
      case 2 -> Double.isNaN(r.lambdaMax()) ? 0 : r.lambdaMax();
      case 3 -> Double.isNaN(r.gramDrift()) ? 0 : r.gramDrift();
      case 4 -> r.maxMove();
      case 5 -> r.froMove();
      default -> r.patternChange();
    }).toArray();
  }

  @Test
  void matchesLocalEngineOnTheSameRun() {
    Dataset data = Problems.sphere(30, 6, "random", 5);
    for (OptimizerKind opt : OptimizerKind.values()) {
      NetworkSpec spec = Problems.relu2(600, 9);
      // 20 blocks > the fan-in of 16, so the grouped (shuffle) reduction is exercised too.
      for (int blocks : new int[] {3, 20}) {
        TrainConfig config = new TrainConfig(spec, opt, opt == OptimizerKind.GD ? TrainConfig.AUTO
            : 0.5, 1e-10, 6, 2, blocks);
        List<IterationRecord> local;
        try (LocalEngine engine = new LocalEngine(spec, blocks, data.x(), data.n(), data.d())) {
          local = run(engine, config, data);
        }
        List<IterationRecord> distributed;
        try (BlockEngine engine = engine(spec, blocks, data.x(), data.n(), data.d())) {
          distributed = run(engine, config, data);
        }
        for (int c = 0; c < 7; c++) {
          double err = Tolerance.maxRelativeError(column(local, c), column(distributed, c));
          assertTrue(err <= Tolerance.EXACT, opt + ", " + blocks + " blocks, column " + c
              + ": " + err);
        }
      }
    }
  }

  @Test
  void matrixFreeGaussNewtonMatchesTheLocalEngineBitForBit() {
    Dataset data = Problems.sphere(12, 4, "random", 6);
    NetworkSpec spec = Problems.relu2(150, 5);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GN, 0.8, 1e-8, 3, 3, 3,
        TrainConfig.DEFAULT_DIVERGENCE_FACTOR, GramSettings.matrixFree());
    List<IterationRecord> local;
    try (LocalEngine engine = new LocalEngine(spec, 3, data.x(), data.n(), data.d())) {
      local = run(engine, config, data);
    }
    List<IterationRecord> distributed;
    try (BlockEngine engine = engine(spec, 3, data.x(), data.n(), data.d())) {
      distributed = run(engine, config, data);
    }
    for (int c = 0; c < 7; c++) {
      assertArrayEquals(column(local, c), column(distributed, c), 0.0, "column " + c);
    }
    assertTrue(local.get(3).lambdaMax() > 0, "the spectrum was estimated at the end");
  }

  @ParameterizedTest
  @ValueSource(ints = {4, 40})
  void checkpointsBecomeTheSourceAndCleanUpAfterThemselves(int d, @TempDir Path dir)
      throws IOException {
    // d = 40: 16 rows step in the span form, whose block files hold W(0) and A.
    Dataset data = Problems.sphere(16, d, "linear", 2);
    NetworkSpec spec = Problems.relu2(200, 4);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, 0.5, 0, 12, 4, 4);
    List<IterationRecord> plain;
    try (BlockEngine engine = engine(spec, 4, data.x(), data.n(), data.d())) {
      plain = run(engine, config, data);
    }
    SparkEngine.Options options = new SparkEngine.Options(dir.toString(), 3,
        SparkEngine.Options.defaults().fanIn());
    // Other test classes sharing this Spark context may have left cached RDDs (fitted models).
    int cachedBefore = jsc.getPersistentRDDs().size();
    try (SparkEngine engine = new SparkEngine(jsc, spec, 4, data.x(), data.n(), data.d(),
        options)) {
      List<IterationRecord> checkpointed = run(engine, config, data);
      assertArrayEquals(column(plain, 0), column(checkpointed, 0), 0.0,
          "checkpointing must not change the result");
      assertTrue(engine.lastCheckpointFile().orElseThrow().endsWith("step-000012"),
          "the newest checkpoint holds the last step: " + engine.lastCheckpointFile());
      assertEquals(1, countStepDirs(dir), "older checkpoints are deleted");
      assertEquals(4, countBlockFiles(dir), "one file per block");
      assertTrue(jsc.getPersistentRDDs().size() <= cachedBefore + 1, "one cached RDD of "
          + "blocks: " + jsc.getPersistentRDDs().values() + " cached");
      // A block lost now comes back from the checkpoint's files, with no step to replay.
      engine.dropCachedBlocks();
      List<NeuronBlock> blocks = engine.<NeuronBlock>blocks().collect();
      assertEquals(4, blocks.size());
      assertEquals(12, blocks.get(0).stepsApplied());
      assertEquals(0, engine.replayedSteps(), "rebuilt from the checkpoint files");
    }
  }

  private static long countStepDirs(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("step-")).count();
    }
  }

  private static long countBlockFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".bin")).count();
    }
  }

  /**
   * Blocks lost in the middle of training (as when an executor dies, or the cache evicts them)
   * come back by replaying the logged steps, and the run is the same bit for bit.
   */
  @ParameterizedTest
  @ValueSource(ints = {5, 30})
  void lostBlocksAreRebuiltByReplayToTheSameResult(int d) {
    // d = 30: 14 rows step in the span form, whose replays rebuild A and Z(0).
    Dataset data = Problems.sphere(14, d, "random", 4);
    for (OptimizerKind opt : OptimizerKind.values()) {
      NetworkSpec spec = Problems.relu2(120, 6);
      TrainConfig config = new TrainConfig(spec, opt, opt == OptimizerKind.GD ? 0.5 : 0.7,
          1e-8, 6, 2, 3);
      List<IterationRecord> undisturbed;
      try (BlockEngine engine = engine(spec, 3, data.x(), data.n(), data.d())) {
        undisturbed = run(engine, config, data);
      }
      try (SparkEngine engine = new SparkEngine(jsc, spec, 3, data.x(), data.n(), data.d(),
          SparkEngine.Options.defaults())) {
        RecordingListener rec = new RecordingListener();
        TrainingListener losing = new TrainingListener() {
          @Override
          public void onIteration(IterationRecord record) {
            rec.onIteration(record);
            if (record.iteration() == 2 || record.iteration() == 4) {
              engine.dropCachedBlocks();
            }
          }

          @Override
          public void onLearningRate(double eta, boolean automatic) {
            rec.onLearningRate(eta, automatic);
          }
        };
        new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, losing);
        for (int c = 0; c < 7; c++) {
          assertArrayEquals(column(undisturbed, c), column(rec.records, c), 0.0,
              opt + ", column " + c);
        }
        // 3 blocks replay 2 steps after the first loss, 4 after the second.
        assertEquals(3 * 2 + 3 * 4, engine.replayedSteps(), opt + ": steps replayed");
      }
    }
  }

  /** A fitted model's blocks come back from the seed and the logged steps when lost. */
  @ParameterizedTest
  @ValueSource(ints = {4, 30})
  void detachedBlocksRebuildALostBlockByReplay(int d) {
    // d = 30: the span form's blocks are handed out with their weights formed.
    Dataset data = Problems.sphere(10, d, "random", 8);
    NetworkSpec spec = Problems.relu2(80, 3);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, 0.5, 0, 4, 2, 2);
    SparkEngine engine = new SparkEngine(jsc, spec, 2, data.x(), data.n(), data.d(),
        SparkEngine.Options.defaults());
    try {
      run(engine, config, data);
      org.apache.spark.api.java.JavaRDD<NeuronBlock> detached = engine.detachBlocks();
      List<NeuronBlock> before = detached.collect();
      engine.dropCachedBlocks();
      List<NeuronBlock> after = detached.collect();
      for (int b = 0; b < 2; b++) {
        assertEquals(4, after.get(b).stepsApplied());
        assertArrayEquals(before.get(b).weights(), after.get(b).weights(), 0.0, "block " + b);
      }
    } finally {
      engine.close();
    }
  }

  @Test
  void serializedStorageLevelsAreRefused() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new SparkEngine.Options(null, 10, 16,
            StorageLevel.MEMORY_AND_DISK_SER()));
    assertTrue(e.getMessage().contains("in place"), e.getMessage());
  }

  @Test
  void blocksAreNamedForTheSparkUi() {
    Dataset data = Problems.sphere(8, 3, "linear", 2);
    NetworkSpec spec = Problems.relu2(20, 4);
    try (SparkEngine engine = new SparkEngine(jsc, spec, 2, data.x(), data.n(), data.d(),
        SparkEngine.Options.defaults())) {
      engine.advance(null, false, 0);
      assertEquals("neuronBlocks@it0", engine.blocks().name());
    }
  }
}
