package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.testutil.Problems;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;
import org.widenet.train.TrainingDivergedException;

/** The Spark ML API: pipelines, prediction paths, persistence, params and schema errors. */
class WideNetRegressorTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
  }

  /** Lets another test class build frames on its own session. */
  static void useSession(SparkSession session) {
    spark = session;
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** A DataFrame with columns x0..x{d-1} and label from synthetic sphere data. */
  static Dataset<Row> frame(int n, int d, String target, long seed, boolean zeroOne) {
    org.widenet.data.Dataset data = Problems.sphere(n, d, target, seed);
    StructType schema = new StructType();
    for (int k = 0; k < d; k++) {
      schema = schema.add("x" + k, DataTypes.DoubleType, false);
    }
    schema = schema.add("label", DataTypes.DoubleType, false);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Object[] values = new Object[d + 1];
      for (int k = 0; k < d; k++) {
        values[k] = data.x()[i + k * n];
      }
      double y = data.y()[i];
      values[d] = zeroOne ? (y > 0 ? 1.0 : 0.0) : y;
      rows.add(RowFactory.create(values));
    }
    return spark.createDataFrame(rows, schema);
  }

  static VectorAssembler assembler(int d) {
    String[] cols = new String[d];
    for (int k = 0; k < d; k++) {
      cols[k] = "x" + k;
    }
    return new VectorAssembler().setInputCols(cols).setOutputCol("features");
  }

  private static double[] column(Dataset<Row> df, String name) {
    return df.select(name).collectAsList().stream().mapToDouble(r -> r.getDouble(0)).toArray();
  }

  @Test
  void pipelineFitsTransformsSavesAndReloads(@TempDir Path dir) throws Exception {
    Dataset<Row> df = frame(40, 5, "linear", 1, false);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler(5),
        new WideNetRegressor().setWidth(400).setMaxIter(15).setNumBlocks(3).setStepSize(0.5)});
    PipelineModel fitted = pipeline.fit(df);
    double[] before = column(fitted.transform(df), "prediction");
    String path = dir.resolve("pipeline").toString();
    fitted.write().save(path);
    double[] after = column(PipelineModel.load(path).transform(df), "prediction");
    assertArrayEquals(before, after, 0.0, "reloaded pipeline predicts identically");
    String unfitted = dir.resolve("unfitted").toString();
    pipeline.write().save(unfitted);
    Pipeline again = Pipeline.load(unfitted);
    WideNetRegressor stage = (WideNetRegressor) again.getStages()[1];
    assertEquals(400L, stage.getWidth());
    assertEquals(15, stage.getMaxIter());
  }

  @Test
  void transformEqualsTheTrainersOutputsOnBothPaths() {
    Dataset<Row> df = assembler(4).transform(frame(30, 4, "quadratic", 2, false));
    for (long threshold : new long[] {0L, Long.MAX_VALUE}) {
      WideNetRegressionModel model = new WideNetRegressor().setWidth(300).setMaxIter(10)
          .setNumBlocks(3).setStepSize(0.5).setBroadcastThreshold(threshold).fit(df);
      double[] predicted = column(model.transform(df), "prediction");
      assertTrue(Tolerance.maxRelativeError(model.trainingOutputs(), predicted)
          <= Tolerance.EXACT, "threshold " + threshold);
      assertEquals(df.columns().length + 1, model.transform(df).columns().length,
          "input columns kept");
      assertEquals(11, model.summary().records().size());
      assertEquals(11, model.summary().metrics(spark).count());
      assertTrue(model.summary().finalLoss() < model.summary().initialLoss());
    }
  }

  @Test
  void scaleLabelsTrainsOnScaledLabelsAndPredictsInTheLabelsUnits(@TempDir Path dir)
      throws Exception {
    Dataset<Row> unit = assembler(3).transform(frame(20, 3, "linear", 5, false));
    Dataset<Row> times4 = unit.withColumn("label", functions.col("label").multiply(4.0));
    WideNetRegressor base = new WideNetRegressor().setWidth(60).setMaxIter(3).setNumBlocks(2)
        .setStepSize(0.5);
    // max |label| is 1 in the unit frame, so dividing 4 y by 4 gives back y exactly: the same
    // training, and outputs exactly 4 times those of the unit fit, path by path.
    WideNetRegressionModel scaled = base.copy(ParamMap.empty()).setScaleLabels(true)
        .fit(times4);
    WideNetRegressionModel plain = base.fit(unit);
    assertEquals(plain.summary().finalLoss(), scaled.summary().finalLoss());
    assertEquals(4.0, scaled.summary().provenance().get("label_scale"));
    assertArrayEquals(times(4, plain.trainingOutputs()), scaled.trainingOutputs(), 0.0);
    double[] small = times(4, column(plain.transform(unit), "prediction"));
    assertArrayEquals(small, column(scaled.transform(times4), "prediction"), 0.0);
    plain.set(plain.broadcastThreshold(), 0L);
    scaled.set(scaled.broadcastThreshold(), 0L);
    double[] streamed = times(4, column(plain.transform(unit), "prediction"));
    assertArrayEquals(streamed, column(scaled.transform(times4), "prediction"), 0.0,
        "the streaming path multiplies back too");
    String path = dir.resolve("scaled").toString();
    scaled.write().save(path);
    assertArrayEquals(streamed, column(WideNetRegressionModel.load(path).transform(times4),
        "prediction"), 0.0, "the factor is saved with the model");
  }

  private static double[] times(double factor, double[] values) {
    double[] out = values.clone();
    for (int i = 0; i < out.length; i++) {
      out[i] *= factor;
    }
    return out;
  }

  /** gram = matrix-free trains Gauss-Newton by CG: the exact path's result to round-off. */
  @Test
  void matrixFreeGaussNewtonMatchesTheExactGram() {
    Dataset<Row> df = assembler(4).transform(frame(30, 4, "linear", 3, false));
    WideNetRegressor base = new WideNetRegressor().setWidth(200).setMaxIter(3).setNumBlocks(2)
        .setOptimizer("gn").setDamping(1e-6);
    WideNetRegressionModel exact = base.copy(new org.apache.spark.ml.param.ParamMap())
        .setGram("exact").fit(df);
    WideNetRegressionModel free = base.setGram("matrix-free").fit(df);
    assertTrue(Tolerance.maxRelativeError(exact.trainingOutputs(), free.trainingOutputs())
        <= 1e-8, "matrix-free and exact outputs");
    assertTrue(free.summary().finalLoss() < free.summary().initialLoss());
    assertTrue(Double.isNaN(free.summary().records().get(3).gramDrift()),
        "matrix-free runs leave the drift empty");
    assertTrue(!Double.isNaN(exact.summary().records().get(3).gramDrift()));
  }

  /**
   * stepForm: on 24 rows of 40 inputs the span form (auto's choice there) fits, scores the
   * held-out rows and transforms as the weights form does, to round-off.
   */
  @Test
  void spanAndWeightsFormsFitTheSameModel() {
    Dataset<Row> df = assembler(40).transform(frame(30, 40, "linear", 6, false))
        .withColumn("held", functions.expr("label > 0.5"));
    WideNetRegressor base = new WideNetRegressor().setWidth(200).setMaxIter(6).setNumBlocks(2)
        .setStepSize(0.5).setValidationIndicatorCol("held");
    assertEquals("auto", base.getStepForm());
    WideNetRegressionModel span = base.copy(new ParamMap()).setStepForm("span").fit(df);
    WideNetRegressionModel weights = base.copy(new ParamMap()).setStepForm("weights").fit(df);
    assertTrue(Tolerance.maxRelativeError(weights.trainingOutputs(), span.trainingOutputs())
        <= 1e-9, "training outputs");
    assertEquals(7, span.summary().validationHistory().length, "held-out rows scored");
    assertTrue(Tolerance.maxRelativeError(weights.summary().validationHistory(),
        span.summary().validationHistory()) <= 1e-9, "validation losses");
    assertTrue(Tolerance.maxRelativeError(column(weights.transform(df), "prediction"),
        column(span.transform(df), "prediction")) <= 1e-9, "predictions");
    assertThrows(IllegalArgumentException.class, () -> base.setStepForm("dual"));
    span.close();
    weights.close();
  }

  @Test
  void paramsRejectBadValuesNamingThem() {
    WideNetRegressor r = new WideNetRegressor();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> r.setWidth(0));
    assertTrue(e.getMessage().contains("width"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> r.setModel("tanh"))
        .getMessage().contains("model"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> r.setStepSize(-1))
        .getMessage().contains("stepSize"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> r.setOptimizer("adam"))
        .getMessage().contains("optimizer"));
    assertTrue(r.explainParams().contains("numBlocks"));
  }

  @Test
  void badFramesFailWithClearMessages() {
    Dataset<Row> raw = frame(10, 3, "linear", 4, false);
    Dataset<Row> df = assembler(3).transform(raw);
    WideNetRegressor r = new WideNetRegressor().setWidth(20).setMaxIter(1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> r.fit(raw)).getMessage()
        .contains("features"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> r.setFeaturesCol("x0").fit(raw)).getMessage().contains("Vector"));
    Dataset<Row> nanLabel = df.withColumn("label", org.apache.spark.sql.functions.lit(
        Double.NaN));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new WideNetRegressor().setWidth(20).setMaxIter(1).fit(nanLabel)).getMessage()
        .contains("finite"));
    WideNetRegressionModel model = new WideNetRegressor().setWidth(20).setMaxIter(1)
        .setBroadcastThreshold(0).fit(df);
    Dataset<Row> wider = assembler(4).transform(frame(10, 4, "linear", 4, false));
    Exception e = assertThrows(Exception.class, () -> model.transform(wider).collect());
    assertTrue(String.valueOf(e.getMessage()).contains("trained on 3")
        || String.valueOf(e.getCause()).contains("trained on 3"), String.valueOf(e));
    assertFalse(new WideNetRegressionModel().hasSummary());
  }

  @Test
  void aFitWhoseExp2OutputsOverflowFailsNamingTheBlockRowAndStep() {
    Dataset<Row> df = assembler(3).transform(frame(10, 3, "linear", 1, false));
    WideNetRegressor r = new WideNetRegressor().setModel("exp2").setWidth(20).setNumBlocks(2)
        .setMaxIter(5).setStepSize(1e6);
    // Spark logs the failed task's stack trace at ERROR; the exception is what is checked.
    Level before = LogManager.getLogger("org.apache.spark").getLevel();
    Configurator.setLevel("org.apache.spark", Level.OFF);
    TrainingDivergedException e;
    try {
      e = assertThrows(TrainingDivergedException.class, () -> r.fit(df));
    } finally {
      Configurator.setLevel("org.apache.spark", before);
    }
    String m = e.getMessage();
    assertTrue(m.startsWith("diverged at iteration 1 with step size eta = 1000000.0 (the "
        + "stable bound is 2 / lambda_max = "), m);
    assertTrue(m.matches(".*: numerical overflow in neuron block [01], neuron \\d+, data row "
        + "\\d+ \\(counting from 0\\) after a training step: w_r \\. x_i = .*"), m);
  }
}
