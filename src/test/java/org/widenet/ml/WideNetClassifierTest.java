package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.testutil.SparkFixture;

/**
 * The classifier in a Pipeline with Spark's BinaryClassificationEvaluator. This session does
 * not require Kryo registration: the evaluator ships Spark-internal classes of its own.
 */
class WideNetClassifierTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start(false);
    WideNetRegressorTest.useSession(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static double[] column(Dataset<Row> df, String name) {
    return df.select(name).collectAsList().stream().mapToDouble(r -> r.get(0)
        instanceof org.apache.spark.ml.linalg.Vector v ? v.apply(1) : r.getDouble(0)).toArray();
  }

  private static Dataset<Row> frame(int n, int d, String target, long seed, boolean zeroOne) {
    return WideNetRegressorTest.frame(n, d, target, seed, zeroOne);
  }

  private static org.apache.spark.ml.feature.VectorAssembler assembler(int d) {
    return WideNetRegressorTest.assembler(d);
  }

  @Test
  void classifierWorksWithBinaryClassificationEvaluator(@TempDir Path dir) throws Exception {
    Dataset<Row> df = frame(60, 5, "random", 3, true);
    Pipeline pipeline = new Pipeline().setStages(new PipelineStage[] {assembler(5),
        new WideNetClassifier().setWidth(2000).setMaxIter(60).setNumBlocks(2)});
    PipelineModel fitted = pipeline.fit(df);
    Dataset<Row> out = fitted.transform(df);
    double auc = new BinaryClassificationEvaluator().evaluate(out);
    assertTrue(auc > 0.9, "training AUC " + auc);
    for (double p : column(out, "prediction")) {
      assertTrue(p == 0.0 || p == 1.0);
    }
    String path = dir.resolve("clf").toString();
    fitted.write().save(path);
    assertArrayEquals(column(out, "rawPrediction"),
        column(PipelineModel.load(path).transform(df), "rawPrediction"), 0.0);
  }

}
