package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.SyntheticSpec;
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
 * deep-last through the Spark ML API (issue 15, acceptance 3): the regressor fits by
 * Gauss-Newton with the training outputs of the same run on the local engine (the reference
 * twin), transforms, saves and loads with its summary, and close releases what it cached; the
 * binary classifier fits; gd and sgd are refused as the CLI refuses them; tol and
 * validationIndicatorCol work as for the other families.
 */
class DeepLastApiTest {
  static final String TRAIN = "sphere:n=16,d=6,target=random,seed=3";
  static final int WIDTH = 512;
  static final int DEPTH = 3;
  static final int BLOCKS = 2;
  static final int ITERATIONS = 3;
  private static final double EXACT = 1e-10;
  private static SparkSession spark;
  private static Dataset<Row> data;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    data = frame(spark, TRAIN).cache();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** A synthetic data set as (id, features, label, cls = 1 where label > 0, held = id % 4 == 0). */
  static Dataset<Row> frame(SparkSession session, String spec) {
    org.widenet.data.Dataset d = SyntheticSpec.parse(spec).generate();
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < d.n(); i++) {
      double[] x = new double[d.d()];
      for (int k = 0; k < d.d(); k++) {
        x[k] = d.x()[i + k * d.n()];
      }
      rows.add(RowFactory.create(i, Vectors.dense(x), d.y()[i], d.y()[i] > 0 ? 1.0 : 0.0,
          i % 4 == 0));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType)
        .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType).add("cls", DataTypes.DoubleType)
        .add("held", DataTypes.BooleanType);
    return session.createDataFrame(rows, schema);
  }

  static WideNetRegressor regressor() {
    return new WideNetRegressor().setModel("deep-last").setWidth(WIDTH).setDepth(DEPTH)
        .setNumBlocks(BLOCKS).setMaxIter(ITERATIONS);
  }

  private static double[] column(Dataset<Row> df, String name) {
    return ModelPersistenceTest.column(df, name);
  }

  private static Set<Object> cachedRdds() {
    return new HashSet<>(scala.jdk.javaapi.CollectionConverters.asJava(
        spark.sparkContext().getPersistentRDDs().keySet()));
  }

  /** The training outputs of the same run on the local engine: the reference twin. */
  private static double[] localTwin(DeepConfig config) {
    org.widenet.data.Dataset d = SyntheticSpec.parse(TRAIN).generate();
    DeepSpec spec = DeepSpec.withAlpha(d.d(), WIDTH, DEPTH, 0.1, 0);
    LayerPass.Result frozen = DeepFamily.frozenLocally(spec, BLOCKS,
        LayerPass.inputs(d.n(), d.d(), d.x()));
    DeepInputs inputs = new DeepInputs(frozen.v());
    return DeepTrainer.train(new LocalEngine(new DeepFamily(spec), BLOCKS, inputs,
        OrderedSum.DEFAULT_FAN_IN), inputs, d.y(), config, r -> { }).outputs();
  }

  @Test
  void regressorFitsLikeTheLocalTwinTransformsSavesLoadsAndCloses(@TempDir Path tmp)
      throws Exception {
    Set<Object> before = cachedRdds();
    WideNetRegressionModel model = regressor().fit(data);
    Set<Object> own = cachedRdds();
    own.removeAll(before);
    assertFalse(own.isEmpty(), "a fitted model keeps its blocks cached");
    assertEquals("deep-last", model.getModel());
    assertEquals("gn", model.getOptimizer(), "the optimizer it used is recorded");
    assertEquals("shifted", model.getActivation());
    TrainingSummary summary = model.summary();
    assertEquals(ITERATIONS + 1, summary.objectiveHistory().length);
    assertEquals(EarlyStop.MAX_ITER, summary.stopReason());
    assertTrue(summary.finalLoss() < 1e-3 * summary.initialLoss(), summary.initialLoss()
        + " -> " + summary.finalLoss());
    assertTrue(summary.lambdaMinHistory().length > 0, "lambda_min is recorded");

    double[] twin = localTwin(DeepConfig.exact(ITERATIONS));
    assertArrayEquals(twin, model.trainingOutputs(), EXACT);
    Dataset<Row> out = model.transform(data);
    double[] f = column(out, "prediction");
    assertArrayEquals(twin, f, EXACT, "transform on the training rows");
    double loss = 0;
    double[] y = column(data, "label");
    for (int i = 0; i < f.length; i++) {
      loss += 0.5 * (f[i] - y[i]) * (f[i] - y[i]);
    }
    assertEquals(summary.finalLoss(), loss, 1e-9 + 1e-6 * loss);
    Row first = data.orderBy("id").first();
    assertEquals(f[0], model.predict((Vector) first.get(1)), EXACT);

    String path = tmp.resolve("deep").toString();
    model.write().save(path);
    try (WideNetRegressionModel back = WideNetRegressionModel.load(path)) {
      assertEquals("deep-last", back.getModel());
      assertEquals(DEPTH, back.getDepth());
      assertEquals(ITERATIONS, back.getMaxIter());
      assertArrayEquals(summary.objectiveHistory(), back.summary().objectiveHistory(), 0.0);
      assertArrayEquals(f, column(back.transform(data), "prediction"), EXACT);
      String again = tmp.resolve("again").toString();
      back.write().save(again);
      try (WideNetRegressionModel twice = WideNetRegressionModel.load(again)) {
        assertArrayEquals(f, column(twice.transform(data), "prediction"), EXACT,
            "a loaded model saves again");
      }
    }
    assertThrows(IllegalArgumentException.class, () -> WideNetClassificationModel.load(path));

    List<org.apache.spark.broadcast.Broadcast<?>> kept = model.core.broadcasts.kept();
    assertFalse(kept.isEmpty());
    model.close();
    Set<Object> left = cachedRdds();
    left.retainAll(own);
    assertEquals(Set.of(), left, "close released every RDD the fit cached");
    assertEquals(List.of(), model.core.broadcasts.kept());
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> model.transform(data));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
  }

  @Test
  void binaryClassifierFitsTheSignsOfItsLabels() {
    try (WideNetClassificationModel model = new WideNetClassifier().setModel("deep-last")
        .setLabelCol("cls").setWidth(WIDTH).setNumBlocks(BLOCKS).setMaxIter(ITERATIONS)
        .setGnMethod("cg").fit(data)) {
      assertEquals(2, model.numClasses());
      Dataset<Row> out = model.transform(data);
      assertArrayEquals(column(data, "cls"), column(out, "prediction"), 0.0,
          "Gauss-Newton interpolates the +-1 targets of 16 points");
      Row row = out.orderBy("id").select("features", "rawPrediction").first();
      assertArrayEquals(((Vector) row.get(1)).toArray(),
          model.predictRaw((Vector) row.get(0)).toArray(), EXACT);
    }
  }

  @Test
  void checkpointDirWritesTheLastLayersBlockFilesWithoutChangingTheFit(@TempDir Path tmp)
      throws Exception {
    try (WideNetRegressionModel plain = regressor().setMaxIter(2).fit(data);
        WideNetRegressionModel checkpointed = regressor().setMaxIter(2)
            .setCheckpointDir(tmp.toString()).setCheckpointInterval(1).fit(data)) {
      assertArrayEquals(plain.trainingOutputs(), checkpointed.trainingOutputs(), 0.0);
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(tmp)) {
        assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("step-")),
            "the engine wrote block files under checkpointDir");
      }
    }
  }

  private static String refusal(Supplier<WideNetRegressor> make) {
    return assertThrows(IllegalArgumentException.class, () -> make.get().fit(data))
        .getMessage();
  }

  @Test
  void optionsTheCliRefusesAreRefusedNamingTheParam() {
    for (String optimizer : new String[] {"gd", "sgd"}) {
      String m = refusal(() -> regressor().setOptimizer(optimizer));
      assertTrue(m.contains("optimizer " + optimizer + ": deep-last supports gn "
          + "(Gauss-Newton) only"), m);
    }
    assertTrue(refusal(() -> regressor().setAlpha(0.2).setThreshold(1.0))
        .contains("alpha or threshold"));
    assertTrue(refusal(() -> regressor().setActivation("gelu")).contains("activation gelu"));
    assertTrue(refusal(() -> regressor().setGnMethod("tensorsrht").setSketchSize(8))
        .contains("sketchSize 8 is smaller than n = 16"));
    assertTrue(refusal(() -> regressor().setSketchSize(64)).contains("sketchSize applies"));
    assertTrue(refusal(() -> regressor().setStepSize(0.5)).contains("stepSize"));
    assertTrue(refusal(() -> regressor().setNumBlocks(WIDTH + 1)).contains("numBlocks"));
  }

  @Test
  void tolAndResidualTolStopEarlyAndHeldOutRowsAreScoredEveryIteration() {
    WideNetRegressionModel stopped = regressor().setMaxIter(8).setTol(0.999).fit(data);
    TrainingSummary s = stopped.summary();
    assertEquals(EarlyStop.TOL, s.stopReason());
    double[] losses = s.objectiveHistory();
    assertTrue(s.iterations() < 8, "stopped at " + s.iterations());
    for (int t = 1; t < losses.length; t++) {
      assertEquals(t == losses.length - 1, EarlyStop.met(losses[t - 1], losses[t], 0.999),
          "tol is met at the last recorded iteration only, t = " + t);
    }
    assertArrayEquals(column(stopped.transform(data), "prediction"), stopped.trainingOutputs(),
        EXACT, "the model keeps the weights of the iteration that met tol");
    stopped.close();

    try (WideNetRegressionModel converged = regressor().setMaxIter(8).setResidualTol(1e-2)
        .fit(data)) {
      TrainingSummary c = converged.summary();
      assertEquals(DeepLastFitting.RESIDUAL_TOL, c.stopReason());
      double yNorm = 0;
      for (double v : column(data, "label")) {
        yNorm += v * v;
      }
      double bound = 1e-2 * Math.sqrt(yNorm);
      double[] l = c.objectiveHistory();
      assertTrue(c.iterations() < 8 && Math.sqrt(2 * l[l.length - 1]) <= bound
          && Math.sqrt(2 * l[l.length - 2]) > bound, "stops at the first ||f - y|| <= "
          + bound + ": " + java.util.Arrays.toString(l));
    }

    WideNetRegressionModel held = regressor().setValidationIndicatorCol("held").fit(data);
    double[] history = held.summary().validationHistory();
    assertEquals(ITERATIONS + 1, history.length);
    Dataset<Row> rows = data.filter("held");
    double[] f = column(held.transform(rows), "prediction");
    double[] y = column(rows, "label");
    assertEquals(ValidationLoss.halfSquares(f, y), history[ITERATIONS], EXACT);
    assertEquals(data.filter("NOT held").count(),
        ((Number) held.summary().provenance().get("n")).longValue(), "trained without them");
    held.close();
  }
}
