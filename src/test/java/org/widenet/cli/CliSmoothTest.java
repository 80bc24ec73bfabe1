package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.Dataset;
import org.widenet.data.SyntheticSpec;
import org.widenet.smooth.SmoothModelStore;
import org.widenet.testutil.SparkFixture;
import org.widenet.testutil.Tolerance;

/** {@code widenet train --model smooth2} end to end on embedded Spark. */
class CliSmoothTest {
  private static final String SPEC = "sphere:n=30,d=5,target=random,seed=3";

  @Test
  void gdWritesMetricsSummaryAndAModelThatPredicts(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("run");
    CliRun run = CliRun.train("--model", "smooth2", "--synthetic", SPEC, "--width", "60",
        "--activation", "gelu", "--init", "lecun", "--omega-ratio", "0.5", "--iterations", "8",
        "--partitions", "3", "--master", "local[2]", "--out", out.toString());
    assertEquals(0, run.code(), run.describe());
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals("iteration,loss,elapsed_ms,lambda_min,lambda_max,gram_drift,max_move,"
        + "fro_move,pattern_change,epoch,fro_move_w,fro_move_v,lazy_distance", metrics.get(0));
    assertEquals(10, metrics.size());
    String[] last = metrics.get(9).split(",", -1);
    assertEquals("8", last[0]);
    assertTrue(Double.parseDouble(last[12]) > 0, metrics.get(9));
    assertTrue(Double.parseDouble(last[3]) > 0, metrics.get(9));
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", summary.get("status").asText());
    assertTrue(summary.get("final_loss").asDouble() < summary.get("initial_loss").asDouble());
    assertTrue(summary.get("lemma3").get("sigma_max_phi_w0x").asDouble() > 0);
    assertTrue(summary.get("lemma3").get("sigma_min_x").asDouble() > 0);
    assertEquals(Math.sqrt(1.0 / 5) * Math.sqrt(1.0 / 60), summary.get("omega1").asDouble()
        * summary.get("omega2").asDouble(), 1e-12);

    Dataset data = SyntheticSpec.parse(SPEC).generate();
    SparkSession spark = SparkFixture.start();
    try {
      SmoothModelStore.Loaded model = SmoothModelStore.load(spark,
          out.resolve("model").toString());
      assertEquals(3, model.blocks().size());
      assertEquals("smooth2", model.metadata().get("family"), "metadata.json names the family");
      double[] f = model.predict(data.x(), data.n());
      double sq = 0;
      for (int i = 0; i < f.length; i++) {
        sq += (f[i] - data.y()[i]) * (f[i] - data.y()[i]);
      }
      assertEquals(summary.get("final_loss").asDouble(), 0.5 * sq,
          Tolerance.REORDERED * Math.max(1, sq));
    } finally {
      spark.stop();
    }
    Path predicted = dir.resolve("predicted");
    CliRun predict = CliRun.main("predict", "--model", out.resolve("model").toString(),
        "--synthetic", SPEC, "--master", "local[2]", "--out", predicted.toString());
    assertEquals(0, predict.code(), predict.describe());
    List<String> rows = Files.readAllLines(predicted.resolve("predictions.csv"));
    assertEquals("row_index,label,prediction", rows.get(0));
    assertEquals(31, rows.size());
    double sq = 0;
    for (String line : rows.subList(1, rows.size())) {
      String[] cells = line.split(",");
      double diff = Double.parseDouble(cells[2]) - Double.parseDouble(cells[1]);
      sq += diff * diff;
    }
    assertEquals(summary.get("final_loss").asDouble(), 0.5 * sq, 1e-9 * Math.max(1, sq));
  }

  @Test
  void sgdWithSeveralOutputsLogsEveryEpoch(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("sgd");
    CliRun run = CliRun.train("--model", "smooth2", "--synthetic", SPEC, "--outputs", "3",
        "--width", "40", "--optimizer", "sgd", "--batch-size", "8", "--epochs", "3", "--lr",
        "0.05", "--activation", "tanh", "--master", "local[2]", "--out", out.toString());
    assertEquals(0, run.code(), run.describe());
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals(5, metrics.size());
    assertTrue(metrics.get(4).startsWith("12,"), metrics.get(4));
    assertEquals("3", metrics.get(4).split(",", -1)[9]);
  }

  /** n k = 20,000: auto goes matrix-free (no n k x n k array), lambda from Lanczos. */
  @Test
  void largeNkTrainsMatrixFreeUnderAuto(@TempDir Path dir) throws IOException {
    Path out = dir.resolve("big");
    CliRun run = CliRun.train("--model", "smooth2", "--synthetic",
        "sphere:n=10000,d=3,target=random,seed=2", "--outputs", "2", "--width", "40",
        "--iterations", "2", "--gram-every", "2", "--lanczos-steps", "20", "--partitions", "2",
        "--master", "local[2]", "--out", out.toString());
    assertEquals(0, run.code(), run.describe());
    assertTrue(run.err().contains("lazy_distance is not tracked"), run.err());
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("matrix-free", summary.get("gram").get("mode").asText());
    assertEquals("auto", summary.get("gram").get("chosen_by").asText());
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertEquals(4, metrics.size());
    String[] first = metrics.get(1).split(",", -1);
    assertTrue(Double.parseDouble(first[4]) > 0, "lambda_max at t = 0: " + metrics.get(1));
    String[] last = metrics.get(3).split(",", -1);
    assertTrue(Double.parseDouble(last[1]) < Double.parseDouble(first[1]), "loss falls");
    CliRun lazy = CliRun.train("--model", "smooth2", "--synthetic", SPEC, "--gram",
        "matrix-free", "--out", dir.resolve("lazy").toString());
    assertEquals(2, lazy.code(), lazy.describe());
    assertTrue(lazy.err().contains("add --no-lazy"), lazy.err());
  }

  @Test
  void badOptionsStopBeforeSpark(@TempDir Path dir) {
    CliRun noSynthetic = CliRun.train("--model", "smooth2", "--data", "nowhere.csv",
        "--outputs", "2", "--out", dir.resolve("a").toString());
    assertEquals(2, noSynthetic.code(), noSynthetic.describe());
    assertTrue(noSynthetic.err().contains("--outputs 2 needs --synthetic"));
    CliRun badActivation = CliRun.train("--model", "smooth2", "--synthetic", SPEC,
        "--activation", "relu", "--out", dir.resolve("b").toString());
    assertEquals(2, badActivation.code());
    assertTrue(badActivation.err().contains("--activation"), badActivation.err());
    CliRun help = CliRun.train("--model", "smooth2", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--omega-ratio"));
  }
}
