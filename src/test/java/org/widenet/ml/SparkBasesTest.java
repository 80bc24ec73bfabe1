package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.ml.classification.ClassificationModel;
import org.apache.spark.ml.classification.Classifier;
import org.apache.spark.ml.classification.OneVsRest;
import org.apache.spark.ml.classification.OneVsRestModel;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.RegressionModel;
import org.apache.spark.ml.regression.Regressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.SparkFixture;

/**
 * The estimators and models on Spark's Predictor bases: OneVsRest wraps the classifier,
 * predict(Vector) agrees with transform, numFeatures/numClasses, rawPrediction is a Vector
 * and the output-column setters work. Kryo registration is not required: OneVsRest ships
 * Spark-internal classes of its own.
 */
class SparkBasesTest {
  private static SparkSession spark;
  /** 120 points on the unit sphere in R^3, label = the index of the largest coordinate. */
  private static Dataset<Row> threeClasses;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start(false);
    threeClasses = threeClasses(120, 7).cache();
  }

  /** Lets another test class build frames on its own session. */
  static void useSession(SparkSession session) {
    spark = session;
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static Dataset<Row> threeClasses(int n, long seed) {
    Random random = new Random(seed);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      double[] x = new double[3];
      double norm = 0;
      for (int k = 0; k < 3; k++) {
        x[k] = random.nextGaussian();
        norm += x[k] * x[k];
      }
      int best = 0;
      for (int k = 0; k < 3; k++) {
        x[k] /= Math.sqrt(norm);
        best = x[k] > x[best] ? k : best;
      }
      rows.add(RowFactory.create(i, Vectors.dense(x), (double) best));
    }
    StructType schema = new StructType().add("id", DataTypes.IntegerType, false)
        .add("features", SQLDataTypes.VectorType(), false)
        .add("label", DataTypes.DoubleType, false);
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void theStagesAreSparkPredictors() {
    assertInstanceOf(Regressor.class, new WideNetRegressor());
    assertInstanceOf(RegressionModel.class, new WideNetRegressionModel());
    assertInstanceOf(Classifier.class, new WideNetClassifier());
    assertInstanceOf(ClassificationModel.class, new WideNetClassificationModel());
  }

  @Test
  void oneVsRestWrapsARelu2ClassifierAndFitsAndPredicts() {
    WideNetClassifier binary = new WideNetClassifier().setModel("relu2").setWidth(400)
        .setMaxIter(40).setNumBlocks(2);
    OneVsRestModel ovr = new OneVsRest().setClassifier(binary).fit(threeClasses);
    assertEquals(3, ovr.models().length);
    for (ClassificationModel<?, ?> m : ovr.models()) {
      assertInstanceOf(WideNetClassificationModel.class, m);
    }
    Dataset<Row> out = ovr.transform(threeClasses);
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(out);
    assertTrue(accuracy > 0.8, "training accuracy " + accuracy);
  }

  @Test
  void theClassifierDefaultsToSoftmax2ForMoreThanTwoClassesOnly() {
    WideNetClassificationModel multi = new WideNetClassifier().setWidth(200).setMaxIter(20)
        .setNumBlocks(2).fit(threeClasses);
    assertEquals(3, multi.numClasses());
    assertEquals("softmax2", multi.getModel());
    double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy")
        .evaluate(multi.transform(threeClasses));
    assertTrue(accuracy > 0.8, "training accuracy " + accuracy);

    WideNetClassificationModel binary = new WideNetClassifier().setWidth(200).setMaxIter(5)
        .setNumBlocks(2).fit(threeClasses.filter("label < 2"));
    assertEquals(2, binary.numClasses());
    assertEquals("relu2", binary.getModel());

    IllegalArgumentException explicit = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> new WideNetClassifier().setModel("relu2")
            .setWidth(20).setMaxIter(1).setNumBlocks(2).fit(threeClasses));
    assertTrue(explicit.getMessage().contains("softmax2"), explicit.getMessage());
  }

  @Test
  void predictAgreesWithTransformAndTheModelReportsItsShape() {
    Dataset<Row> binary = threeClasses.filter("label < 2");
    WideNetClassificationModel model = new WideNetClassifier().setWidth(200).setMaxIter(10)
        .setNumBlocks(2).fit(binary);
    assertEquals(2, model.numClasses());
    assertEquals(3, model.numFeatures());
    model.setRawPredictionCol("score").setPredictionCol("cls");
    List<Row> rows = model.transform(binary).select("features", "score", "cls")
        .collectAsList();
    for (long threshold : new long[] {model.getBroadcastThreshold(), 0L}) {
      model.set(model.broadcastThreshold(), threshold);
      for (Row row : rows.subList(0, 5)) {
        Vector x = (Vector) row.get(0);
        Vector raw = (Vector) row.get(1);
        assertEquals(2, raw.size());
        assertEquals(-raw.apply(0), raw.apply(1), 0.0);
        assertEquals(raw.apply(1), model.predictRaw(x).apply(1), 1e-12);
        assertEquals(row.getDouble(2), model.predict(x), 0.0);
      }
    }
    model.setPredictionCol("");
    assertFalse(List.of(model.transform(binary).columns()).contains("cls"),
        "an empty predictionCol leaves the column out");

    WideNetRegressionModel regression = new WideNetRegressor().setWidth(200).setMaxIter(5)
        .setNumBlocks(2).fit(binary);
    regression.setPredictionCol("yhat");
    Row first = regression.transform(binary).select("features", "yhat").first();
    assertEquals(first.getDouble(1), regression.predict((Vector) first.get(0)), 1e-12);
    assertEquals(3, regression.numFeatures());
  }
}
