package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.SyntheticSpec;
import org.widenet.ml.WideNetRegressionModel;
import org.widenet.ml.WideNetRegressor;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;

/** widenet predict on models saved by train and by the Spark ML API. */
class CliPredictTest {
  private static final String SPEC = "sphere:n=30,d=4,target=linear,seed=2";

  @TempDir Path dir;

  private static double[] predictions(Path out) throws Exception {
    List<String> lines = Files.readAllLines(out.resolve(PredictCommand.PREDICTIONS));
    assertEquals("row_index,label,prediction", lines.get(0));
    return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
        .toArray();
  }

  @Test
  void predictionsOfATrainedModelReproduceItsFinalLoss() throws Exception {
    Path run = dir.resolve("run");
    assertEquals(0, CliRun.main("train", "--synthetic", SPEC, "--width", "300", "--iterations",
        "4", "--lr", "0.5", "--partitions", "3", "--master", "local[2]", "--out",
        run.toString()).code());
    Path out = dir.resolve("predict");
    CliRun r = CliRun.main("predict", "--model", run.resolve("model").toString(), "--synthetic",
        SPEC, "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    ObjectMapper json = new ObjectMapper();
    JsonNode trained = json.readTree(run.resolve("summary.json").toFile());
    JsonNode predicted = json.readTree(out.resolve("summary.json").toFile());
    assertEquals(30, predictions(out).length);
    double mean = predicted.get("data_squared_loss").asDouble();
    assertTrue(Tolerance.relativeError(trained.get("final_loss").asDouble(), 30 * mean)
        <= Tolerance.EXACT, "sum of 0.5 (f - y)^2 equals train's final loss");
  }

  @Test
  void scaledLabelsAreRecordedAndPredictGivesOutputsInTheLabelsUnits() throws Exception {
    // The synthetic labels times 4, so max |y| = 4: refused without --scale-labels.
    org.widenet.data.Dataset data = SyntheticSpec.parse(SPEC).generate();
    StringBuilder text = new StringBuilder("x1,x2,x3,x4,label\n");
    for (int i = 0; i < data.n(); i++) {
      for (double v : data.row(i)) {
        text.append(v).append(',');
      }
      text.append(4 * data.y()[i]).append('\n');
    }
    Path csv = CliRun.write(dir.resolve("times4.csv"), text.toString());
    Path run = dir.resolve("run");
    CliRun trained = CliRun.main("train", "--data", csv.toString(), "--scale-labels", "--width",
        "300", "--iterations", "4", "--lr", "0.5", "--partitions", "3", "--master", "local[2]",
        "--out", run.toString());
    assertEquals(0, trained.code(), trained.describe());
    ObjectMapper json = new ObjectMapper();
    JsonNode summary = json.readTree(run.resolve("summary.json").toFile());
    assertEquals(4.0, summary.get("data").get("label_scale").asDouble());
    JsonNode model = json.readTree(run.resolve("model/metadata.json").toFile());
    assertEquals(4.0, model.get("provenance").get("data").get("label_scale").asDouble());
    assertEquals("relu2", model.get("family").asText(), "metadata.json names the family");
    assertEquals("relu2", model.get("model").asText(), "and keeps the key 0.1.0 wrote");

    Path out = dir.resolve("predict");
    CliRun r = CliRun.main("predict", "--model", run.resolve("model").toString(), "--data",
        csv.toString(), "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    JsonNode predicted = json.readTree(out.resolve("summary.json").toFile());
    assertEquals(4.0, predicted.get("label_scale").asDouble());
    // Training's loss is in scaled units; predict's, with outputs times 4, in the labels'.
    assertTrue(Tolerance.relativeError(16 * summary.get("final_loss").asDouble(),
        30 * predicted.get("data_squared_loss").asDouble()) <= Tolerance.EXACT);
  }

  @Test
  void aModelSavedByTheApiPredictsTheSameInTheCli() throws Exception {
    org.widenet.data.Dataset data = SyntheticSpec.parse(SPEC).generate();
    double[] apiPredictions;
    Path model = dir.resolve("api-model");
    SparkSession spark = SparkFixture.start();
    try {
      StructType schema = new StructType().add("a", DataTypes.DoubleType)
          .add("b", DataTypes.DoubleType).add("c", DataTypes.DoubleType)
          .add("e", DataTypes.DoubleType).add("label", DataTypes.DoubleType);
      List<Row> rows = new ArrayList<>();
      for (int i = 0; i < data.n(); i++) {
        rows.add(RowFactory.create(data.x()[i], data.x()[i + 30], data.x()[i + 60],
            data.x()[i + 90], data.y()[i]));
      }
      Dataset<Row> df = new VectorAssembler().setInputCols(new String[] {"a", "b", "c", "e"})
          .setOutputCol("features").transform(spark.createDataFrame(rows, schema));
      WideNetRegressionModel fitted = new WideNetRegressor().setWidth(200).setMaxIter(3)
          .setNumBlocks(2).setStepSize(0.5).fit(df);
      fitted.write().save(model.toString());
      apiPredictions = fitted.transform(df).select("prediction").collectAsList().stream()
          .mapToDouble(r -> r.getDouble(0)).toArray();
    } finally {
      spark.stop();
    }
    Path out = dir.resolve("predict");
    CliRun r = CliRun.main("predict", "--model", model.toString(), "--synthetic", SPEC,
        "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    assertTrue(Tolerance.maxRelativeError(apiPredictions, predictions(out)) <= Tolerance.EXACT);
  }

  /** A model whose metadata.json names no family widenet knows: one line, before Spark. */
  @Test
  void anUnknownFamilyIsOneLineNamingTheModelAndTheKey() throws Exception {
    Path model = dir.resolve("relu3");
    RunOutputs.copyTree(Path.of(CliPredictTest.class.getResource(
        "/models/relu2-format1").toURI()), model);
    Path meta = model.resolve("metadata.json");
    Files.writeString(meta, Files.readString(meta).replaceFirst("\\{", "{\n  \"family\" : "
        + "\"relu3\","));
    CliRun r = CliRun.main("predict", "--model", model.toString(), "--synthetic", SPEC,
        "--out", dir.resolve("x").toString());
    assertEquals(2, r.code(), r.describe());
    assertEquals(List.of("widenet: error: model " + model + ": metadata.json key \"family\" is "
        + "\"relu3\", not a family this widenet knows (relu2, exp2, softmax2, smooth2, "
        + "deep-last)"), r.errLines());

    CliRun none = CliRun.main("predict", "--model", dir.toString(), "--synthetic", SPEC,
        "--out", dir.resolve("y").toString());
    assertEquals(2, none.code(), none.describe());
    assertTrue(none.err().contains("model " + dir + ": no readable metadata.json"), none.err());
  }

  @Test
  void missingModelOptionIsOneLine() {
    CliRun none = CliRun.main("predict", "--synthetic", SPEC, "--out",
        dir.resolve("x").toString());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("--model"), none.err());
  }
}
