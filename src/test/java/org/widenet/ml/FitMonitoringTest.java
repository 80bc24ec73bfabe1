package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;

/**
 * What a fit can be watched and stopped by: tol (early stopping, with the reason in the
 * summary), validationIndicatorCol (held-out rows scored every iteration, saved with the
 * model) and the notebook listener hook. Kryo registration is required.
 */
class FitMonitoringTest {
  private static SparkSession spark;
  /** id, features, label (0..2), y (x0 / 2), held (every fourth row). */
  private static Dataset<Row> data;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    SparkBasesTest.useSession(spark);
    data = SparkBasesTest.threeClasses(80, 11).withColumn("y",
        functions.udf((org.apache.spark.sql.api.java.UDF1<Vector, Double>) v -> v.apply(0) / 2,
            org.apache.spark.sql.types.DataTypes.DoubleType).apply(functions.col("features")))
        .withColumn("held", functions.expr("id % 4 = 0")).cache();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static WideNetRegressor regressor() {
    return new WideNetRegressor().setLabelCol("y").setWidth(200).setNumBlocks(2)
        .setMaxIter(200);
  }

  /** 0.5 sum (prediction - y)^2 over df's rows. */
  private static double halfSquares(Dataset<Row> df) {
    return df.select("prediction", "y").collectAsList().stream().mapToDouble(r -> {
      double e = r.getDouble(0) - r.getDouble(1);
      return 0.5 * e * e;
    }).sum();
  }

  @Test
  void tolStopsAtTheFirstIterationWhoseRelativeDecreaseIsAtMostTol() {
    double tol = 0.02;
    WideNetRegressionModel model = regressor().setTol(tol).fit(data);
    TrainingSummary s = model.summary();
    double[] losses = s.objectiveHistory();
    int last = losses.length - 1;
    assertEquals("tol", s.stopReason());
    assertTrue(s.totalIterations() < 200, "stopped at " + s.totalIterations());
    assertEquals(last, s.totalIterations());
    assertTrue(losses[last - 1] - losses[last] <= tol * losses[last - 1]);
    for (int t = 1; t < last; t++) {
      assertTrue(losses[t - 1] - losses[t] > tol * losses[t - 1], "tol met earlier, at " + t);
    }
    // The model holds the weights of the iteration that met tol.
    assertEquals(losses[last], halfSquares(model.transform(data)), 1e-9 * losses[last]);

    TrainingSummary full = regressor().setMaxIter(last + 3).fit(data).summary();
    assertEquals("maxIter", full.stopReason());
    assertEquals(last + 3, full.totalIterations());
    assertArrayEquals(losses, java.util.Arrays.copyOf(full.objectiveHistory(), last + 1), 0.0,
        "stopping early changes no step before it");
  }

  @Test
  void tolStopsSoftmax2AndSgdRecordsEpochs() {
    WideNetClassificationModel stopped = new WideNetClassifier().setModel("softmax2")
        .setWidth(200).setNumBlocks(2).setMaxIter(300).setTol(0.05).fit(data);
    assertEquals("tol", stopped.summary().stopReason());
    assertTrue(stopped.summary().totalIterations() < 300);
    TrainingSummary sgd = regressor().setOptimizer("sgd").setStepSize(0.05).setEpochs(2)
        .setBatchSize(20).fit(data).summary();
    assertEquals("epochs", sgd.stopReason());
  }

  @Test
  void heldOutRowsAreScoredEveryIterationAndTheScoresAreSavedWithTheModel(@TempDir Path dir)
      throws Exception {
    WideNetRegressionModel model = regressor().setMaxIter(20).setValidationIndicatorCol("held")
        .fit(data);
    TrainingSummary s = model.summary();
    assertEquals(60, ((Number) s.provenance().get("n")).intValue(), "trained on the 60 kept");
    double[] validation = s.validationHistory();
    assertEquals(21, validation.length);
    for (double v : validation) {
      assertTrue(Double.isFinite(v) && v > 0, "validation loss " + v);
    }
    double expected = halfSquares(model.transform(data.filter("held")));
    assertTrue(Tolerance.relativeError(expected, validation[20]) < 1e-9,
        expected + " vs " + validation[20]);
    List<Row> metrics = s.metrics(spark).orderBy("iteration").select("validation_loss")
        .collectAsList();
    assertEquals(validation[3], metrics.get(3).getDouble(0), 0.0);
    assertTrue(java.util.Arrays.stream(regressor().setMaxIter(2).fit(data).summary()
        .validationHistory()).allMatch(Double::isNaN), "no held-out rows, no validation loss");

    String path = dir.resolve("held").toString();
    model.save(path);
    TrainingSummary loaded = WideNetRegressionModel.load(path).summary();
    assertArrayEquals(validation, loaded.validationHistory(), 0.0);
    assertEquals("maxIter", loaded.stopReason());
  }

  @Test
  void softmax2ScoresHeldOutRowsOnOneHotTargets() {
    WideNetClassificationModel model = new WideNetClassifier().setModel("softmax2")
        .setWidth(200).setNumBlocks(2).setMaxIter(8).setValidationIndicatorCol("held")
        .fit(data);
    double[] validation = model.summary().validationHistory();
    double expected = model.transform(data.filter("held")).select("rawPrediction", "label")
        .collectAsList().stream().mapToDouble(r -> {
          Vector f = (Vector) r.get(0);
          double sum = 0;
          for (int l = 0; l < f.size(); l++) {
            double e = f.apply(l) - (l == r.getDouble(1) ? 1 : 0);
            sum += 0.5 * e * e;
          }
          return sum;
        }).sum();
    assertTrue(Tolerance.relativeError(expected, validation[8]) < 1e-9,
        expected + " vs " + validation[8]);
    assertThrows(IllegalArgumentException.class, () -> regressor()
        .setValidationIndicatorCol("y").fit(data), "the indicator must be boolean");
  }

  @Test
  void aBadLabelIsNamedByItsRowAmongAllRowsHeldOutOrNot() {
    List<Row> rows = data.select("id", "label").collectAsList();
    int first = rows.stream().filter(r -> r.getDouble(1) == 2.0 && r.getInt(0) % 4 != 0)
        .mapToInt(r -> r.getInt(0)).findFirst().orElseThrow();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new WideNetClassifier().setModel("relu2").setWidth(20).setMaxIter(1)
            .setNumBlocks(2).setValidationIndicatorCol("held").fit(data));
    assertTrue(e.getMessage().startsWith("row " + (first + 1) + ", column \"label\""),
        e.getMessage());
  }

  @Test
  void listenersSeeTheSummarysNumbersAndSurviveCopiesButNotSaving(@TempDir Path dir)
      throws Exception {
    List<double[]> seen = new ArrayList<>();
    WideNetRegressor estimator = regressor().setMaxIter(6).setValidationIndicatorCol("held")
        .addListener((t, loss, ms, v) -> seen.add(new double[] {t, loss, v}));
    TrainingSummary s = estimator.copy(ParamMap.empty()).fit(data).summary();
    assertEquals(7, seen.size());
    for (int t = 0; t < 7; t++) {
      assertEquals(t, seen.get(t)[0], 0.0);
      assertEquals(s.objectiveHistory()[t], seen.get(t)[1], 0.0);
      assertEquals(s.validationHistory()[t], seen.get(t)[2], 0.0);
    }
    String path = dir.resolve("estimator").toString();
    estimator.save(path);
    assertTrue(WideNetRegressor.load(path).fitListeners().isEmpty());
    assertFalse(estimator.fitListeners().isEmpty());
  }
}
