package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Arora et al. reproduction end to end on a small size: every CSV, figure and the
 * self-contained report. Needs Fashion-MNIST (apt-get install dataset-fashion-mnist, which
 * .ci/run does); skipped elsewhere only when the data are absent outside CI.
 */
class CliExperimentTest {
  private static final Path DATA = Path.of(ExperimentCommand.FASHION_MNIST);
  private static final int ITERATIONS = 20;

  @TempDir Path dir;

  private static void requireData() {
    if (System.getenv("CI") == null) {
      Assumptions.assumeTrue(Files.isDirectory(DATA), "Fashion-MNIST is not installed");
    }
    assertTrue(Files.isDirectory(DATA), "CI must install dataset-fashion-mnist");
  }

  @Test
  void smallRunWritesEveryFileAndFigure() throws Exception {
    requireData();
    Path out = dir.resolve("arora");
    CliRun r = CliRun.main("experiment", "arora", "--n", "60", "--test-n", "60", "--width",
        "600", "--iterations", String.valueOf(ITERATIONS), "--fractions", "0,0.5,1",
        "--partitions", "2", "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    List<String> curves = Files.readAllLines(out.resolve("curves.csv"));
    assertEquals("iteration,residual_true,predicted_true,residual_random,predicted_random,"
        + "residual_worst_case,predicted_worst_case", curves.get(0));
    assertEquals(ITERATIONS + 2, curves.size());
    assertEquals(61, Files.readAllLines(out.resolve("spectrum.csv")).size());
    assertEquals(4, Files.readAllLines(out.resolve("complexity.csv")).size());
    for (String figure : List.of("fig1a-residual", "fig1a-residual-log", "fig1b-spectrum",
        "fig2-complexity", "fig2-test-error")) {
      byte[] png = Files.readAllBytes(out.resolve("figures").resolve(figure + ".png"));
      assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', figure);
    }
    String html = Files.readString(out.resolve("report.html"));
    Matcher images = Pattern.compile("<img[^>]+src=\"data:image/png;base64,").matcher(html);
    int count = 0;
    while (images.find()) {
      count++;
    }
    assertEquals(5, count, "every figure is embedded in report.html");
    assertTrue(!html.contains("http://") && !html.contains("https://"), "self-contained");
    JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", summary.get("status").asText());
    JsonNode findings = summary.get("findings");
    for (String key : List.of("true_labels_train_fastest", "prediction_tracks_training",
        "true_labels_align_with_top_eigenvectors",
        "complexity_and_test_error_grow_with_random_labels")) {
      assertTrue(findings.get(key).get("held").isBoolean(), key);
      assertTrue(html.contains(findings.get(key).get("text").asText().substring(0, 20)), key);
    }
    // On real images true labels align with the top of the spectrum (Arora et al. Fig. 1b).
    assertTrue(findings.get("true_labels_align_with_top_eigenvectors").get("held").asBoolean());
  }

  @Test
  void badInputIsOneLineBeforeSpark() {
    CliRun unknown = CliRun.main("experiment", "zhang");
    assertEquals(2, unknown.code());
    assertEquals(1, unknown.err().lines().count(), unknown.describe());
    CliRun missing = CliRun.main("experiment", "arora", "--data", dir.resolve("nope").toString(),
        "--out", dir.resolve("o").toString());
    assertEquals(2, missing.code(), missing.describe());
    assertEquals(1, missing.err().lines().count(), missing.describe());
    assertTrue(missing.err().contains("nope"), missing.err());
    CliRun badFraction = CliRun.main("experiment", "arora", "--fractions", "0,2", "--out",
        dir.resolve("o").toString());
    assertEquals(2, badFraction.code(), badFraction.describe());
    assertTrue(badFraction.err().contains("--fractions"), badFraction.err());
    assertTrue(SparkSession.getDefaultSession().isEmpty());
    assertTrue(Files.notExists(dir.resolve("o")));
  }
}
