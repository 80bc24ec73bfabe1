package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.smooth.SmoothModelStore;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.testutil.SparkFixture;

/**
 * Saved softmax2 and smooth2 models predicted where their blocks live give the bits the
 * driver-side load gives, and a model that lost part of its weights fails naming its directory.
 */
class ModelRowsTest {
  private static SparkSession spark;
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  private static String model(String name) {
    return Path.of("src/test/resources/models", name).toAbsolutePath().toString();
  }

  private static double[] inputs(int rows, int d) {
    Random rnd = new Random(7);
    double[] x = new double[rows * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = rnd.nextGaussian() / Math.sqrt(d);
    }
    return x;
  }

  @Test
  void smooth2PredictsOnTheExecutorsAsOnTheDriver() {
    SmoothModelStore.Loaded here = SmoothModelStore.load(spark, model("smooth2-format1"));
    SmoothModelStore.Distributed there = SmoothModelStore.loadDistributed(spark,
        model("smooth2-format1"));
    double[] x = inputs(11, here.spec().d0());
    try {
      assertArrayEquals(here.predict(x, 11), there.predict(spark, x, 11), 0.0);
    } finally {
      there.blocks().unpersist(false);
    }
  }

  @Test
  void softmax2PredictsOnTheExecutorsAsOnTheDriver() {
    SoftmaxModelStore.Loaded here = SoftmaxModelStore.load(spark, model("softmax2-format1"));
    SoftmaxModelStore.Distributed there = SoftmaxModelStore.loadDistributed(spark,
        model("softmax2-format1"));
    double[] x = inputs(9, here.inputDim());
    try {
      assertArrayEquals(here.predict(x, 9), there.predict(spark, x, 9), 0.0);
    } finally {
      there.blocks().unpersist(false);
    }
  }

  @Test
  void aModelMissingWeightsFailsNamingItsDirectory() throws IOException {
    Path copy = dir.resolve("smooth2");
    Path from = Path.of(model("smooth2-format1"));
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Files.copy(p, copy.resolve(from.relativize(p).toString()));
      }
    }
    try (Stream<Path> parts = Files.list(copy.resolve("weights"))) {
      Path part = parts.filter(p -> p.getFileName().toString().startsWith("part-"))
          .sorted(Comparator.naturalOrder()).findFirst().orElseThrow();
      Files.delete(part);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SmoothModelStore.loadDistributed(spark, copy.toString()));
    assertTrue(e.getMessage().contains(copy.toString()) && e.getMessage().contains("damaged"),
        e.getMessage());
  }
}
