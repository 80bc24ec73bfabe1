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

  @Test
  void checkpointsCutLineageAndCleanUpAfterThemselves(@TempDir Path dir) throws IOException {
    Dataset data = Problems.sphere(16, 4, "linear", 2);
    NetworkSpec spec = Problems.relu2(200, 4);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, 0.5, 0, 12, 4, 4);
    List<IterationRecord> plain;
    try (BlockEngine engine = engine(spec, 4, data.x(), data.n(), data.d())) {
      plain = run(engine, config, data);
    }
    SparkEngine.Options options = new SparkEngine.Options(dir.toString(), 3,
        SparkEngine.Options.defaults().fanIn());
    try (SparkEngine engine = new SparkEngine(jsc, spec, 4, data.x(), data.n(), data.d(),
        options)) {
      List<IterationRecord> checkpointed = run(engine, config, data);
      assertArrayEquals(column(plain, 0), column(checkpointed, 0), 0.0,
          "checkpointing must not change the result");
      assertTrue(engine.lastCheckpointFile().isPresent(), "a checkpoint was written");
      assertTrue(engine.blocks().toDebugString().contains("ReliableCheckpointRDD"),
          "lineage is cut at the checkpoint");
      assertEquals(1, countRddDirs(dir), "older checkpoints are deleted");
      assertTrue(jsc.getPersistentRDDs().size() <= 1, "old iterations are unpersisted: "
          + jsc.getPersistentRDDs().size() + " RDDs still cached");
      List<NeuronBlock> blocks = engine.blocks().collect();
      assertEquals(4, blocks.size());
      assertEquals(12, blocks.get(0).stepsApplied());
    }
  }

  private static long countRddDirs(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> p.getFileName().toString().startsWith("rdd-")).count();
    }
  }

  /** A serialized cache drops the transient partial: the engine recomputes it identically. */
  @Test
  void serializedCacheRecomputesPartialsToTheSameResult() {
    Dataset data = Problems.sphere(12, 4, "random", 3);
    NetworkSpec spec = Problems.relu2(90, 2);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, 0.5, 0, 5, 2, 3);
    List<IterationRecord> deserialized;
    try (BlockEngine engine = engine(spec, 3, data.x(), data.n(), data.d())) {
      deserialized = run(engine, config, data);
    }
    SparkEngine.Options serialized = new SparkEngine.Options(null, 10, 16,
        StorageLevel.MEMORY_AND_DISK_SER());
    try (SparkEngine engine = new SparkEngine(jsc, spec, 3, data.x(), data.n(), data.d(),
        serialized)) {
      List<IterationRecord> records = run(engine, config, data);
      for (int c = 0; c < 7; c++) {
        assertArrayEquals(column(deserialized, c), column(records, c), 0.0, "column " + c);
      }
    }
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
