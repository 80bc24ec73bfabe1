package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.tuning.CrossValidator;
import org.apache.spark.ml.tuning.CrossValidatorModel;
import org.apache.spark.ml.tuning.ParamGridBuilder;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.SparkFixture;
import scala.Tuple2;

/**
 * Issue 15, acceptance 5: a CrossValidator over 3 folds x 2 widths leaves Spark's storage
 * memory where it started once the best model is closed. The models CrossValidator discards
 * are not closed by Spark; their cached blocks and broadcasts go when Spark's ContextCleaner
 * sees them unreachable (after a garbage collection), which the test waits for.
 */
class CrossValidatorStorageTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start(false);
    SparkBasesTest.useSession(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static long storageUsed() {
    long used = 0;
    scala.collection.Iterator<Tuple2<String, Tuple2<Object, Object>>> it =
        spark.sparkContext().getExecutorMemoryStatus().iterator();
    while (it.hasNext()) {
      Tuple2<Object, Object> status = it.next()._2();
      used += (Long) status._1() - (Long) status._2();
    }
    return used;
  }

  @Test
  void storageMemoryReturnsAfterACrossValidator() throws Exception {
    Dataset<Row> data = SparkBasesTest.threeClasses(90, 5).cache();
    data.count();
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(200);
    }
    long before = storageUsed();
    WideNetRegressor regressor = new WideNetRegressor().setScaleLabels(true).setMaxIter(5)
        .setNumBlocks(2).setSeed(3);
    ParamMap[] grid = new ParamGridBuilder()
        .addGrid(regressor.width(), new long[] {200L, 400L}).build();
    CrossValidatorModel cv = new CrossValidator().setEstimator(regressor)
        .setEstimatorParamMaps(grid).setEvaluator(new RegressionEvaluator()).setNumFolds(3)
        .setSeed(1).fit(data);
    long during = storageUsed();
    assertTrue(during > before, "the fitted models hold cached blocks: " + during);
    ((WideNetRegressionModel) cv.bestModel()).close();
    cv = null;
    long after = storageUsed();
    for (int i = 0; i < 50 && after > before * 1.05; i++) {
      System.gc();
      Thread.sleep(200);
      after = storageUsed();
    }
    System.out.printf("storage used: before %d, after the fits %d, at the end %d bytes%n",
        before, during, after);
    assertTrue(after <= before * 1.05, "storage used " + after + " bytes, " + before
        + " before the CrossValidator");
  }
}
