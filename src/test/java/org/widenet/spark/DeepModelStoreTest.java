package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.deep.DeepBlock;
import org.widenet.deep.DeepConfig;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepInputs;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.DeepTrainer;
import org.widenet.deep.LayerPass;
import org.widenet.testutil.SparkFixture;
import org.widenet.train.LocalEngine;
import org.widenet.train.OrderedSum;

/**
 * The deep-last model store and the predictions where its blocks live: a trained engine's blocks
 * saved and read back give the training outputs bit for bit on the training points, the same
 * bits whether the blocks load into one partition or three and whether they ran on Spark or
 * the local engine, and a damaged or existing directory is refused with its name.
 */
class DeepModelStoreTest {
  private static final int BLOCKS = 3;
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

  private static final DeepSpec SPEC = DeepSpec.withAlpha(5, 512, 3, 0.1, 7);
  private static final Dataset TRAIN = SyntheticSpec.parse("sphere:n=10,d=5,target=random,"
      + "seed=4").generate();
  private static final Dataset OTHER = SyntheticSpec.parse("sphere:n=7,d=5,target=random,"
      + "seed=9").generate();

  /** Trains on Spark, saves under dir/name, returns the run's final outputs. */
  private double[] trainAndSave(String model) {
    LayerPass.Result frozen = SparkLayerJobs.run(jsc, SPEC, BLOCKS,
        LayerPass.inputs(TRAIN.n(), TRAIN.d(), TRAIN.x()));
    DeepInputs inputs = new DeepInputs(frozen.v());
    try (SparkEngine engine = new SparkEngine(jsc, new DeepFamily(SPEC), BLOCKS, inputs,
        SparkEngine.Options.defaults())) {
      DeepTrainer.Result r = DeepTrainer.train(engine, inputs, TRAIN.y(), DeepConfig.exact(3),
          rec -> { });
      DeepModelStore.save(spark, engine.<DeepBlock>blocks(), SPEC, BLOCKS,
          r.last().iteration(), TRAIN.x(), TRAIN.n(), 1.0, Map.of(), model);
      return r.outputs();
    }
  }

  @Test
  void savedModelReproducesTrainingAndIgnoresPartitioning() {
    String model = dir.resolve("model").toString();
    double[] trained = trainAndSave(model);
    double[] one;
    double[] three;
    double[] again;
    try (DeepModelStore.Loaded m = DeepModelStore.load(spark, model, 1)) {
      assertEquals(SPEC, m.spec());
      again = m.predict(jsc, TRAIN.x(), TRAIN.n());
      one = m.predict(jsc, OTHER.x(), OTHER.n());
    }
    try (DeepModelStore.Loaded m = DeepModelStore.load(spark, model)) {
      assertEquals(BLOCKS, m.blocks().getNumPartitions());
      three = m.predict(jsc, OTHER.x(), OTHER.n());
    }
    assertArrayEquals(trained, again, "the training points' outputs, bit for bit");
    assertArrayEquals(one, three, "1 and 3 partitions give the same bits");

    // The same run on the local engine, evaluated block by block in this JVM.
    LayerPass.Result frozen = DeepFamily.frozenLocally(SPEC, BLOCKS,
        LayerPass.inputs(TRAIN.n(), TRAIN.d(), TRAIN.x()));
    DeepInputs inputs = new DeepInputs(frozen.v());
    LocalEngine local = new LocalEngine(new DeepFamily(SPEC), BLOCKS, inputs,
        OrderedSum.DEFAULT_FAN_IN);
    DeepTrainer.Result r = DeepTrainer.train(local, inputs, TRAIN.y(), DeepConfig.exact(3),
        rec -> { });
    assertArrayEquals(trained, r.outputs(), "Spark and local engines trained alike");
    List<org.widenet.deep.DeepSavedBlock> blocks = new ArrayList<>();
    for (DeepBlock b : local.<DeepBlock>blocks()) {
      blocks.add(org.widenet.deep.DeepSavedBlock.of(b));
    }
    org.widenet.deep.SparseColumns vNew = DeepFamily.frozenLocally(SPEC, BLOCKS,
        LayerPass.inputs(OTHER.n(), OTHER.d(), OTHER.x())).v();
    double[] cross = frozen.v().crossGram(vNew);
    List<org.widenet.deep.DeepPartial> partials = new ArrayList<>();
    for (org.widenet.deep.DeepSavedBlock b : blocks) {
      partials.add(new org.widenet.deep.DeepPartial(b.blockId(), b.outputsOn(SPEC, vNew,
          cross), null, 0, 0, null));
    }
    assertArrayEquals(OrderedSum.grouped(partials, OrderedSum.DEFAULT_FAN_IN).f(), three,
        "Spark predictions equal the local blocks' bit for bit");
  }

  @Test
  void existingDirectoryIsNeverOverwritten() {
    String model = dir.resolve("model").toString();
    trainAndSave(model);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainAndSave(model));
    assertTrue(e.getMessage().contains(model) && e.getMessage().contains("exists"),
        e.getMessage());
  }

  @Test
  void damagedModelsFailNamingTheDirectory() throws IOException {
    Path model = dir.resolve("model");
    trainAndSave(model.toString());
    List<Row> rows = new ArrayList<>(spark.read().parquet(model.resolve(
        DeepModelStore.COEFFICIENTS_DIR).toString()).collectAsList());

    // A row of C one number short.
    Path shortRow = copyWithout(model, "short");
    List<Row> edited = new ArrayList<>();
    for (Row r : rows) {
      double[] c = ((Vector) r.get(3)).toArray();
      edited.add(r.getLong(1) == 5 ? RowFactory.create(r.getInt(0), r.getLong(1), r.getDouble(2),
          new DenseVector(java.util.Arrays.copyOf(c, c.length - 1))) : r);
    }
    write(edited, shortRow);
    assertDamaged(shortRow, "neuron 5 has 9 coefficients, n is 10");

    // A whole block missing.
    Path missing = copyWithout(model, "missing");
    write(rows.stream().filter(r -> r.getInt(0) != 1).toList(), missing);
    assertDamaged(missing, "misses block 1");

    // A neuron missing inside a block.
    Path hole = copyWithout(model, "hole");
    write(rows.stream().filter(r -> r.getLong(1) != 3).toList(), hole);
    assertDamaged(hole, "block 0 misses neuron 3");

    // No coefficients at all.
    Path none = copyWithout(model, "none");
    assertDamaged(none, "cannot read coefficients/");
  }

  private void assertDamaged(Path model, String what) {
    // The tasks fail on purpose: keep Spark's logging of their stack traces out of the build log.
    Level before = LogManager.getLogger("org.apache.spark").getLevel();
    Configurator.setLevel("org.apache.spark", Level.OFF);
    IllegalArgumentException e;
    try {
      e = assertThrows(IllegalArgumentException.class,
          () -> DeepModelStore.load(spark, model.toString()).close());
    } finally {
      Configurator.setLevel("org.apache.spark", before);
    }
    assertTrue(e.getMessage().contains("model " + model + " is damaged"), e.getMessage());
    assertTrue(e.getMessage().contains(what), e.getMessage());
  }

  private void write(List<Row> rows, Path model) {
    spark.createDataFrame(rows, DeepModelStore.COEFFICIENTS).write().parquet(
        model.resolve(DeepModelStore.COEFFICIENTS_DIR).toString());
  }

  /** A copy of model's metadata and inputs (no coefficients) under dir/name. */
  private Path copyWithout(Path model, String name) throws IOException {
    Path copy = dir.resolve(name);
    Files.createDirectories(copy);
    Files.copy(model.resolve("metadata.json"), copy.resolve("metadata.json"));
    Path inputs = model.resolve(DeepModelStore.INPUTS_DIR);
    try (Stream<Path> files = Files.walk(inputs)) {
      for (Path p : files.sorted(Comparator.naturalOrder()).toList()) {
        Files.copy(p, copy.resolve(DeepModelStore.INPUTS_DIR).resolve(
            inputs.relativize(p).toString()));
      }
    }
    return copy;
  }
}
