package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.testutil.SparkFixture;

/**
 * Runs examples/NotebookExample.java, the snippet the README's notebook section shows, end to
 * end in local[2]: a Fashion-MNIST Pipeline whose width a CrossValidator picks (run where the
 * data set is installed). The file is compiled here against the test classpath in any case, so
 * the example can neither stop compiling nor drift from the API unnoticed.
 */
class NotebookExampleTest {
  private static final Path EXAMPLE = Path.of("examples", "NotebookExample.java");
  private static final String README_SECTION = "## Notebooks and the Spark ML API";
  /** Fashion-MNIST's IDX files, as MultiClassPipelineTest reads them. */
  private static final String DATA = "/usr/share/datasets/fashion-mnist";
  /** A floor well below the example's measured test accuracy (chance is 0.1). */
  private static final double EXAMPLE_ACCURACY = 0.5;

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    // RegressionEvaluator ships Spark-internal classes (SummarizerBuffer) that nobody
    // registers; a notebook leaves spark.kryo.registrationRequired at its default, false.
    spark = SparkFixture.start(false);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void notebookExampleCrossValidatesEvaluatesSavesAndReloads(@TempDir Path tmp)
      throws Exception {
    assertTrue(Files.isRegularFile(EXAMPLE), EXAMPLE.toAbsolutePath() + " is missing");
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "a JDK (javac) runs the tests");
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
    int rc = javac.run(null, diagnostics, diagnostics, "-proc:none", "-Xlint:all",
        "-Werror", "-d", classes.toString(), "-cp", classpath(), EXAMPLE.toString());
    assertEquals(0, rc, "examples/NotebookExample.java compiles:\n"
        + diagnostics.toString(StandardCharsets.UTF_8));
    assumeTrue(Files.isDirectory(Path.of(DATA)), DATA + " is not installed: compiled only");

    Map<String, Object> result;
    // Every checkpointInterval iterations the engine's local checkpoint logs an expected
    // warning; keep the test's output quiet.
    String checkpointLogger = "org.apache.spark.rdd.MapPartitionsRDD";
    Level level = LogManager.getLogger(checkpointLogger).getLevel();
    Configurator.setLevel(checkpointLogger, Level.ERROR);
    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        NotebookExampleTest.class.getClassLoader())) {
      Method run = loader.loadClass("NotebookExample").getMethod("run", SparkSession.class,
          String.class, String.class);
      @SuppressWarnings("unchecked")
      Map<String, Object> r = (Map<String, Object>) run.invoke(null, spark, DATA,
          tmp.resolve("model").toString());
      result = r;
    } finally {
      Configurator.setLevel(checkpointLogger, level);
    }

    double accuracy = (Double) result.get("testAccuracy");
    System.out.printf("notebook example: test accuracy %.4f, width %d, fold accuracies %s%n",
        accuracy, result.get("bestWidth"),
        java.util.Arrays.toString((double[]) result.get("foldAccuracies")));
    assertTrue(accuracy > EXAMPLE_ACCURACY, "test accuracy " + accuracy);
    assertEquals("softmax2", result.get("model"), "10 classes train softmax2 by default");
    assertEquals(10, result.get("numClasses"));
    assertEquals(2, ((double[]) result.get("foldAccuracies")).length, "2 widths");
    assertTrue(java.util.Set.of(200L, 400L).contains(result.get("bestWidth")));
    assertTrue((Double) result.get("finalLoss") < (Double) result.get("initialLoss"));
    assertEquals(6L, result.get("metricsRows"), "one metrics row per epoch 0..5");
    double[] predictions = (double[]) result.get("predictions");
    assertEquals(2000, predictions.length);
    assertArrayEquals(predictions, (double[]) result.get("reloadedPredictions"), 0.0,
        "the reloaded pipeline predicts identically");
    File[] network = tmp.resolve("model").resolve("stages").toFile()
        .listFiles(f -> f.getName().startsWith("2_"));
    assertEquals(1, network.length, "the pipeline saved three stages");
    assertTrue(Files.isRegularFile(network[0].toPath().resolve("metadata.json")),
        "the network stage is saved in the CLI's model layout");
  }

  /**
   * Every line of the README's example cells is a line of examples/NotebookExample.java, so the
   * README shows code that this test runs. Skipped until README.md has the section.
   */
  @Test
  void readmeCellsAreLinesOfTheExample() throws Exception {
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    int section = readme.indexOf("\n" + README_SECTION + "\n");
    assumeTrue(section >= 0, "README.md has no \"" + README_SECTION + "\" section yet");
    int start = readme.indexOf("```java\n", section);
    int next = readme.indexOf("\n## ", section + 1);
    assertTrue(start > 0 && (next < 0 || start < next), "the section shows the example cells");
    int end = readme.indexOf("\n```", start + 8);
    Set<String> example = Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8).stream()
        .map(String::strip).collect(Collectors.toSet());
    List<String> cells = readme.substring(start + 8, end).lines().map(String::strip)
        .filter(l -> !l.isEmpty()).collect(Collectors.toList());
    assertTrue(cells.size() >= 10, "the README shows the cells: " + cells);
    for (String line : cells) {
      assertTrue(example.contains(line), "README line not in " + EXAMPLE + ": " + line);
    }
  }

  /** The test JVM's classpath (surefire's manifest-only jar is followed by javac). */
  private static String classpath() {
    String cp = System.getProperty("java.class.path");
    return cp + File.pathSeparator + Path.of("target", "classes");
  }
}
