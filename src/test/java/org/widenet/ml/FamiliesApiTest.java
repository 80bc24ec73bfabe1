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
  void familiesRefuseTheOtherKindOfEstimator() {
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> regressor("softmax2").fit(data)).getMessage().contains("WideNetClassifier"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new WideNetClassifier().setModel("smooth2").fit(data)).getMessage()
        .contains("WideNetRegressor"));
  }
}
