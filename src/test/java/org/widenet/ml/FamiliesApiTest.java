package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.testutil.SparkFixture;

/**
 * Every family and optimizer reachable through the Params (issue 15, acceptance 3): each fits
 * and transforms on small data, with Kryo registration required.
 */
class FamiliesApiTest {
  private static SparkSession spark;
  /** id, features (unit vectors in R^3), label (0..2: the largest coordinate), y (x0 / 2). */
  private static Dataset<Row> data;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    SparkBasesTest.useSession(spark);
    data = SparkBasesTest.threeClasses(60, 3).withColumn("y",
        functions.udf((org.apache.spark.sql.api.java.UDF1<Vector, Double>) v -> v.apply(0) / 2,
            org.apache.spark.sql.types.DataTypes.DoubleType).apply(functions.col("features")))
        .cache();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static double[] column(Dataset<Row> df, String name) {
    return ModelPersistenceTest.column(df, name);
  }

  private static WideNetRegressor regressor(String model) {
    return new WideNetRegressor().setModel(model).setLabelCol("y").setWidth(200)
        .setNumBlocks(2).setMaxIter(10);
  }

  private static double loss(Dataset<Row> out) {
    double[] f = column(out, "prediction");
    double[] y = column(out, "y");
    double s = 0;
    for (int i = 0; i < f.length; i++) {
      s += 0.5 * (f[i] - y[i]) * (f[i] - y[i]);
    }
    return s;
  }

  private static void assertRegressorLearns(WideNetRegressionModel model) {
    Dataset<Row> out = model.transform(data);
    assertEquals(data.count(), out.count());
    TrainingSummary summary = model.summary();
    assertTrue(summary.finalLoss() < summary.initialLoss(), summary.initialLoss() + " -> "
        + summary.finalLoss());
    assertEquals(summary.finalLoss(), loss(out), 1e-6 * Math.max(1, summary.finalLoss()),
        "transform agrees with the trainer's final loss");
    Row first = out.orderBy("id").select("features", "prediction").first();
    assertEquals(first.getDouble(1), model.predict((Vector) first.get(0)), 1e-9);
  }

  @Test
  void relu2ByGaussNewton() {
    assertRegressorLearns(regressor("relu2").setOptimizer("gn").setStepSize(0.5).fit(data));
  }

  @Test
  void exp2ByGradientDescent() {
    assertRegressorLearns(regressor("exp2").setInitScale(0.5).fit(data));
  }

  @Test
  void relu2BySgd() {
    assertRegressorLearns(regressor("relu2").setOptimizer("sgd").setStepSize(0.5)
        .setEpochs(3).setBatchSize(20).fit(data));
  }

  @Test
  void smooth2ByGradientDescentAndSgdSavesAndLoads(@TempDir Path tmp) throws Exception {
    WideNetRegressionModel gd = regressor("smooth2").setActivation("tanh").fit(data);
    assertRegressorLearns(gd);
    assertRegressorLearns(regressor("smooth2").setOptimizer("sgd").setStepSize(5e-4)
        .setEpochs(3).setBatchSize(20).fit(data));
    String path = tmp.resolve("smooth2").toString();
    gd.write().save(path);
    WideNetRegressionModel back = WideNetRegressionModel.load(path);
    assertEquals("smooth2", back.getModel());
    assertEquals("tanh", back.getActivation());
    assertArrayEquals(gd.summary().objectiveHistory(), back.summary().objectiveHistory(), 0.0);
    assertArrayEquals(column(gd.transform(data), "prediction"),
        column(back.transform(data), "prediction"), 0.0);
    assertThrows(IllegalArgumentException.class, () -> WideNetClassificationModel.load(path));
  }

  /**
   * tol is met at the last recorded iteration only, the model keeps that iteration's weights
   * (the summary's final loss is transform's), and the held-out rows' loss at the end is
   * transform's on them.
   */
  private static void assertStoppedAtTolScoringHeldOut(WideNetRegressionModel model,
      double tol, Dataset<Row> train, Dataset<Row> held) {
    TrainingSummary s = model.summary();
    assertEquals(EarlyStop.TOL, s.stopReason());
    double[] losses = s.objectiveHistory();
    for (int t = 1; t < losses.length; t++) {
      assertEquals(t == losses.length - 1, EarlyStop.met(losses[t - 1], losses[t], tol),
          "tol is met at the last recorded iteration only, t = " + t);
    }
    assertEquals(s.finalLoss(), loss(model.transform(train)), 1e-9 * Math.max(1,
        s.finalLoss()), "the model keeps the weights of the iteration that met tol");
    double[] history = s.validationHistory();
    assertEquals(losses.length, history.length);
    assertEquals(loss(model.transform(held)), history[history.length - 1], 1e-9,
        "the last validation loss is transform's on the held-out rows");
  }

  @Test
  void smooth2StopsAtTolAndScoresHeldOutRowsByGdAndSgd() {
    Dataset<Row> marked = data.withColumn("held", functions.expr("id % 5 = 0"));
    Dataset<Row> train = marked.filter("NOT held");
    Dataset<Row> held = marked.filter("held");
    WideNetRegressionModel gd = regressor("smooth2").setMaxIter(50).setTol(0.5)
        .setValidationIndicatorCol("held").fit(marked);
    assertStoppedAtTolScoringHeldOut(gd, 0.5, train, held);
    assertTrue(gd.summary().learningRate() > 0, "the automatic step size is recorded");
    WideNetRegressionModel sgd = regressor("smooth2").setOptimizer("sgd").setStepSize(5e-4)
        .setEpochs(20).setBatchSize(20).setTol(0.5).setValidationIndicatorCol("held")
        .fit(marked);
    assertStoppedAtTolScoringHeldOut(sgd, 0.5, train, held);
    assertEquals(5e-4, sgd.summary().learningRate());
    gd.close();
    sgd.close();
  }

  @Test
  void softmax2ByGradientDescentAndSgd() {
    for (WideNetClassifier c : new WideNetClassifier[] {
        new WideNetClassifier().setModel("softmax2").setWidth(200).setNumBlocks(2)
            .setMaxIter(20),
        new WideNetClassifier().setModel("softmax2").setWidth(200).setNumBlocks(2)
            .setOptimizer("sgd").setStepSize(1e-4).setEpochs(5).setBatchSize(20)}) {
      WideNetClassificationModel model = c.fit(data);
      assertEquals(3, model.numClasses());
      Dataset<Row> out = model.transform(data);
      assertEquals(3, ((Vector) out.select("rawPrediction").first().get(0)).size());
      assertTrue(model.summary().finalLoss() < model.summary().initialLoss());
    }
  }

  @Test
  void softmax2RefusesTheRegressor() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> regressor("softmax2").fit(data)).getMessage().contains("WideNetClassifier"));
  }

  /**
   * smooth2 as a k-class classifier: one output per class trained on one-vs-all +-1 targets
   * (the summary's final loss is 0.5 ||F - T||^2 of transform's rawPrediction F against those
   * targets T), prediction the argmax; saved and loaded as a classifier only.
   */
  @Test
  void smooth2ClassifierTrainsOneVsAllTargetsAndPredictsTheArgmax(@TempDir Path tmp)
      throws Exception {
    WideNetClassificationModel model = new WideNetClassifier().setModel("smooth2")
        .setActivation("tanh").setWidth(200).setNumBlocks(2).setMaxIter(20).fit(data);
    assertEquals("smooth2", model.getModel());
    assertEquals(3, model.numClasses());
    TrainingSummary s = model.summary();
    assertTrue(s.finalLoss() < s.initialLoss(), s.initialLoss() + " -> " + s.finalLoss());
    java.util.List<Row> out = model.transform(data).orderBy("id")
        .select("rawPrediction", "prediction", "label").collectAsList();
    double loss = 0;
    for (Row r : out) {
      Vector raw = (Vector) r.get(0);
      assertEquals(3, raw.size());
      assertEquals(raw.argmax(), r.getDouble(1), 0.0);
      for (int c = 0; c < 3; c++) {
        double target = c == (int) r.getDouble(2) ? 1.0 : -1.0;
        loss += 0.5 * (raw.apply(c) - target) * (raw.apply(c) - target);
      }
    }
    assertEquals(s.finalLoss(), loss, 1e-9 * Math.max(1, loss), "one-vs-all +-1 targets");
    String path = tmp.resolve("smooth2-classifier").toString();
    model.write().save(path);
    try (WideNetClassificationModel back = WideNetClassificationModel.load(path)) {
      assertEquals(3, back.numClasses());
      assertArrayEquals(column(model.transform(data), "prediction"),
          column(back.transform(data), "prediction"), 0.0);
    }
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> WideNetRegressionModel.load(path)).getMessage()
        .contains("WideNetClassificationModel"));
    model.close();
  }
}
