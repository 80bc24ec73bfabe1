package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.Dataset;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.model.Step;
import org.widenet.testutil.Problems;
import org.widenet.testutil.SparkFixture;
import org.widenet.train.LocalEngine;

/** Saved models: Parquet weights by block plus versioned JSON metadata, read back exactly. */
class ModelStoreTest {
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

  @Test
  void weightsRoundTripExactlyAndOneFilePerBlock(@TempDir Path dir) throws Exception {
    Dataset data = Problems.sphere(10, 4, "linear", 1);
    NetworkSpec spec = Problems.exp2(30, 5, true);
    double[] step = new double[data.n()];
    java.util.Arrays.fill(step, 0.1);
    String out = dir.resolve("model").toUri().toString();
    try (SparkEngine engine = new SparkEngine(jsc, spec, 3, data.x(), data.n(), data.d(),
            SparkEngine.Options.defaults());
        LocalEngine local = new LocalEngine(spec, 3, data.x(), data.n(), data.d())) {
      engine.advance(null, false, 0);
      engine.advance(new Step(step, 0.01), false, 1);
      local.advance(null, false, 0);
      local.advance(new Step(step, 0.01), false, 1);
      ModelStore.save(spark, engine.blocks(), new ModelMetadata(spec, data.d(), 3, 1,
          Map.of("note", "test")), out);
      List<NeuronBlock> loaded = ModelStore.loadBlocks(spark, out);
      List<NeuronBlock> expected = local.blocks();
      assertEquals(3, loaded.size());
      for (int b = 0; b < 3; b++) {
        assertEquals(expected.get(b).firstNeuron(), loaded.get(b).firstNeuron());
        assertArrayEquals(expected.get(b).weights(), loaded.get(b).weights(), 0.0);
        assertArrayEquals(expected.get(b).outputWeights(), loaded.get(b).outputWeights(), 0.0);
        assertEquals(1, loaded.get(b).stepsApplied());
      }
    }
    try (var files = Files.list(dir.resolve("model").resolve(ModelStore.WEIGHTS_DIR))) {
      assertEquals(3, files.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .count(), "one Parquet file per block");
    }
    ModelMetadata meta = ModelStore.loadMetadata(spark, out);
    assertEquals(spec, meta.network());
    assertEquals(data.d(), meta.inputDim());
    assertEquals("test", meta.provenance().get("note"));
    SavedMetadata saved = SavedMetadata.read(spark.sparkContext().hadoopConfiguration(), out);
    assertEquals("exp2", saved.map().get(SavedMetadata.FAMILY), "metadata.json names the family");
    assertEquals("exp2", saved.map().get("model"), "and keeps the key 0.1.0 wrote");
  }

  @Test
  void unknownFormatVersionIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelMetadata.fromMap(Map.of("format_version", 99, "model", "relu2")));
    assertTrue(e.getMessage().contains("format_version"));
  }

  @Test
  void savingNeverOverwritesAModel(@TempDir Path dir) {
    Dataset data = Problems.sphere(6, 3, "linear", 1);
    NetworkSpec spec = Problems.relu2(8, 1);
    String out = dir.resolve("model").toUri().toString();
    try (SparkEngine engine = new SparkEngine(jsc, spec, 2, data.x(), data.n(), data.d(),
        SparkEngine.Options.defaults())) {
      engine.advance(null, false, 0);
      ModelMetadata meta = new ModelMetadata(spec, data.d(), 2, 0, Map.of());
      ModelStore.save(spark, engine.blocks(), meta, out);
      assertThrows(Exception.class, () -> ModelStore.save(spark, engine.blocks(), meta, out));
    }
  }
}
