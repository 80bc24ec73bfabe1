package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.cli.CliRun;
import org.widenet.testutil.SparkFixture;

/**
 * deep-last models move between the API and the CLI with the same predictions, to 1e-10:
 * {@code widenet predict} predicts with a model the API fitted and saved what the fitted model
 * transforms, and a model {@code widenet train --model deep-last} saved loads in the API and
 * transforms what {@code widenet predict} predicts. Each CLI call starts and stops its own
 * Spark session, so the API's session is stopped around it.
 */
class DeepLastCliTest {
  private static final String OTHER = "sphere:n=11,d=6,target=random,seed=8";
  private static final double EXACT = 1e-10;

  @TempDir
  Path dir;

  /** Runs {@code widenet args...} in this JVM; fails with its output unless it exits 0. */
  private static void widenet(String... args) {
    CliRun run = CliRun.main(args);
    assertEquals(0, run.code(), "widenet " + String.join(" ", args) + "\n" + run.describe());
  }

  /** widenet predict's predictions of the model on OTHER, in row order. */
  private double[] cliPredictions(Path model, String name) throws Exception {
    Path out = dir.resolve(name);
    widenet("predict", "--model", model.toString(), "--synthetic", OTHER, "--master",
        "local[2]", "--out", out.toString());
    List<String> lines = Files.readAllLines(out.resolve("predictions.csv"));
    assertEquals("row_index,label,prediction", lines.get(0));
    return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[2]))
        .toArray();
  }

  private static double[] transformed(SparkSession spark, WideNetRegressionModel model) {
    return ModelPersistenceTest.column(model.transform(DeepLastApiTest.frame(spark, OTHER)),
        "prediction");
  }

  @Test
  void widenetPredictPredictsWhatTheApisModelTransforms() throws Exception {
    Path model = dir.resolve("api-model");
    double[] api;
    SparkSession spark = SparkFixture.start();
    try {
      // Scaled labels: both sides multiply the outputs back by the saved factor.
      try (WideNetRegressionModel fitted = DeepLastApiTest.regressor().setScaleLabels(true)
          .setGnMethod("tensorsrht").setSketchSize(64)
          .fit(DeepLastApiTest.frame(spark, DeepLastApiTest.TRAIN))) {
        api = transformed(spark, fitted);
        fitted.write().save(model.toString());
      }
    } finally {
      spark.stop();
    }
    double[] cli = cliPredictions(model, "predict-api-model");
    assertEquals(11, cli.length);
    assertTrue(java.util.Arrays.stream(cli).map(Math::abs).max().orElse(0) > 1e-3,
        "the predictions are not trivially zero");
    assertArrayEquals(cli, api, EXACT);
  }

  @Test
  void aModelWidenetTrainSavedTransformsWhatWidenetPredictPredicts() throws Exception {
    Path run = dir.resolve("run");
    widenet("train", "--model", "deep-last", "--depth", "2", "--width", "256", "--synthetic",
        DeepLastApiTest.TRAIN, "--iterations", "2", "--partitions", "3", "--gn", "cg",
        "--activation", "threshold", "--master", "local[2]", "--out", run.toString());
    double[] cli = cliPredictions(run.resolve("model"), "predict-cli-model");
    SparkSession spark = SparkFixture.start();
    try (WideNetRegressionModel loaded = WideNetRegressionModel.load(
        run.resolve("model").toString())) {
      assertEquals("deep-last", loaded.getModel());
      assertEquals(2, loaded.getDepth());
      assertEquals(256L, loaded.getWidth());
      assertEquals("threshold", loaded.getActivation());
      assertEquals("cg", loaded.getGnMethod());
      assertEquals(2, loaded.getMaxIter());
      assertEquals(3, loaded.getNumBlocks());
      assertArrayEquals(cli, transformed(spark, loaded), EXACT);
    } finally {
      spark.stop();
    }
  }
}
