package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.VectorUDT;
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
import org.widenet.testutil.SparkFixture;

/**
 * Bad input through the Spark ML API, one case per test: fit (and transform, for a vector of
 * the wrong size) fails at once with one IllegalArgumentException whose message names the
 * column and, where one is at fault, the row.
 */
class BadInputApiTest {
  private static final StructType SCHEMA = new StructType()
      .add("features", new VectorUDT(), true)
      .add("label", DataTypes.DoubleType, true);
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    SparkBasesTest.useSession(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** A frame of (features, label) rows, each given as {label, x1, x2, ...}. */
  private static Dataset<Row> frame(double[]... rows) {
    List<Row> list = new ArrayList<>();
    for (double[] r : rows) {
      double[] x = Arrays.copyOfRange(r, 1, r.length);
      list.add(RowFactory.create(Vectors.dense(x), r[0]));
    }
    return spark.createDataFrame(list, SCHEMA);
  }

  private static WideNetRegressor regressor() {
    return new WideNetRegressor().setWidth(20).setMaxIter(1).setNumBlocks(2);
  }

  private static WideNetClassifier classifier() {
    return new WideNetClassifier().setWidth(20).setMaxIter(1).setNumBlocks(2);
  }

  /** Fits and checks the single exception's message holds every fragment. */
  private static void assertFitFails(org.apache.spark.ml.Estimator<?> estimator, Dataset<Row> df,
      String... fragments) {
    String message = assertThrows(IllegalArgumentException.class, () -> estimator.fit(df))
        .getMessage();
    assertTrue(message.lines().count() == 1, "one line: " + message);
    for (String f : fragments) {
      assertTrue(message.contains(f), "message should contain [" + f + "]: " + message);
    }
  }

  @Test
  void nanFeatureNamesRowColumnAndFeature() {
    assertFitFails(regressor(), frame(new double[] {1, 0.6, 0.8},
        new double[] {-1, 0.8, Double.NaN}), "row 2, column \"features\", feature 2", "NaN");
  }

  @Test
  void infiniteFeatureOfAClassifierNamesRowAndColumn() {
    assertFitFails(classifier(), frame(new double[] {1, Double.NEGATIVE_INFINITY, 0.8},
        new double[] {0, 0.8, 0.6}), "row 1, column \"features\", feature 1", "Infinity");
  }

  @Test
  void nanLabelNamesRowAndColumn() {
    assertFitFails(regressor(), frame(new double[] {1, 0.6, 0.8}, new double[] {0.5, 0.8, 0.6},
        new double[] {Double.NaN, 0, 1}), "row 3, column \"label\"", "NaN");
  }

  @Test
  void nanLabelOfAClassifierNamesRowAndColumn() {
    assertFitFails(classifier(), frame(new double[] {Double.NaN, 0.6, 0.8},
        new double[] {1, 0.8, 0.6}), "row 1, column \"label\"", "NaN");
  }

  @Test
  void raggedVectorsNameTheRowAndBothSizes() {
    assertFitFails(regressor(), frame(new double[] {1, 0.6, 0.8}, new double[] {-1, 0.8, 0.6},
        new double[] {1, 0.1, 0.2, 0.3}), "row 3, column \"features\"", "3 entries",
        "row 1's has 2");
  }

  @Test
  void emptyFeatureVectorsAreRefused() {
    assertFitFails(regressor(), frame(new double[] {1}, new double[] {-1}),
        "row 1, column \"features\"", "empty");
  }

  @Test
  void emptyDataFrameNamesItsColumns() {
    assertFitFails(regressor(), frame(), "no rows", "\"features\"", "\"label\"");
  }

  @Test
  void labelAboveOneWithoutScaleLabelsNamesRowColumnAndTheParam() {
    assertFitFails(regressor(), frame(new double[] {1, 0.6, 0.8}, new double[] {-3, 0.8, 0.6}),
        "row 2, column \"label\"", "label -3.0 is outside [-1, 1]", "max |y| = 3.0",
        "setScaleLabels(true)");
  }

  @Test
  void aVectorLabelIsRefusedAsMultiOutputRegression() {
    Dataset<Row> vectors = frame(new double[] {1, 0.6, 0.8}).withColumn("label",
        org.apache.spark.sql.functions.col("features"));
    assertFitFails(regressor(), vectors, "labelCol \"label\" must be numeric",
        "multi-output regression is not supported");
  }

  @Test
  void nonBinaryLabelOfAClassifierNamesRowAndColumn() {
    // A class index 2 trains softmax2 when model is not set: relu2 is asked for here.
    assertFitFails(classifier().setModel("relu2"), frame(new double[] {1, 0.6, 0.8},
        new double[] {2, 0.8, 0.6}), "row 2, column \"label\"", "not a binary label");
    assertFitFails(classifier(), frame(new double[] {1, 0.6, 0.8},
        new double[] {0.5, 0.8, 0.6}), "row 2, column \"label\"", "not a binary label");
  }

  @Test
  void transformOfVectorsOfAnotherSizeFailsAtOnceNamingTheColumn() {
    WideNetRegressionModel model = regressor().fit(frame(new double[] {1, 0.6, 0.8},
        new double[] {-1, 0.8, 0.6}));
    StructType raw = new StructType().add("a", DataTypes.DoubleType)
        .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType);
    Dataset<Row> wider = new VectorAssembler().setInputCols(new String[] {"a", "b", "c"})
        .setOutputCol("features").transform(spark.createDataFrame(
            List.of(RowFactory.create(0.1, 0.2, 0.3)), raw));
    // Not lazy: the column's metadata tells the size, so transform itself refuses.
    String message = assertThrows(IllegalArgumentException.class,
        () -> model.transform(wider)).getMessage();
    assertTrue(message.contains("\"features\"") && message.contains("size 3")
        && message.contains("trained on 2"), message);
  }

  @Test
  void aTrainingSetOverDriverCollectLimitIsRefusedBeforeItIsCollected() {
    Dataset<Row> df = SparkBasesTest.threeClasses(10, 1);
    assertFitFails(regressor().setScaleLabels(true).setDriverCollectLimit(29), df,
        "10 rows of 3 features", "driverCollectLimit is 29");
  }
}
