package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.testutil.SparkFixture;

/**
 * Models of the other families saved by widenet 0.1.0's CLI (src/test/resources/models) load
 * through the API: the softmax2 model as a classifier whose rawPrediction is the outputs
 * 0.1.0 predicted; a 2-output smooth2 model is refused by the one-output regressor, clearly.
 */
class CliFamilyModelsTest {
  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static Path resource(String name) throws Exception {
    URL url = CliFamilyModelsTest.class.getResource("/models/" + name + "/metadata.json");
    assertTrue(url != null, name);
    return Path.of(url.toURI()).getParent();
  }

  @Test
  void softmax2ModelOf010LoadsAsAClassifierWithItsOutputs() throws Exception {
    Path dir = resource("softmax2-format1");
    WideNetClassificationModel model = WideNetClassificationModel.load(dir.toString());
    assertEquals("softmax2", model.getModel());
    assertEquals(2, model.numClasses());
    assertEquals(3, model.numFeatures());
    org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
    for (String c : new String[] {"x1", "x2", "x3", "y1", "y2"}) {
      schema = schema.add(c, org.apache.spark.sql.types.DataTypes.DoubleType);
    }
    Dataset<Row> csv = spark.read().option("header", true).schema(schema).csv(Path.of("examples/softmax2-two-outputs.csv").toAbsolutePath().toString())
        .withColumn("row", functions.monotonically_increasing_id());
    Dataset<Row> df = new VectorAssembler().setInputCols(new String[] {"x1", "x2", "x3"})
        .setOutputCol("features").transform(csv);
    List<Row> out = model.transform(df).orderBy("row").select("rawPrediction", "prediction")
        .collectAsList();
    List<String> expected = Files.readAllLines(dir.resolve("expected-predictions.csv"));
    assertEquals(expected.size() - 1, out.size());
    for (int i = 0; i < out.size(); i++) {
      String[] cells = expected.get(i + 1).split(",");
      Vector raw = (Vector) out.get(i).get(0);
      assertEquals(Double.parseDouble(cells[3]), raw.apply(0), 1e-9, "row " + (i + 1));
      assertEquals(Double.parseDouble(cells[4]), raw.apply(1), 1e-9, "row " + (i + 1));
      assertEquals(raw.argmax(), out.get(i).getDouble(1), 0.0);
    }
  }

  @Test
  void twoOutputSmooth2ModelIsRefusedByTheRegressorNamingWhy() throws Exception {
    String dir = resource("smooth2-format1").toString();
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> WideNetRegressionModel.load(dir));
    assertTrue(e.getMessage().contains("2 outputs"), e.getMessage());
  }
}
