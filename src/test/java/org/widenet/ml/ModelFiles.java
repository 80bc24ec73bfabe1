package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.SparkException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.widenet.spark.ModelStore;

/** Files of saved models for the persistence tests: the committed CLI model, copies, damage. */
final class ModelFiles {
  private ModelFiles() {}

  /** Spark's loggers that report the task failures a damaged model causes on purpose. */
  static final List<String> TASK_FAILURE_LOGGERS = List.of(
      "org.apache.spark.executor.Executor", "org.apache.spark.scheduler.TaskSetManager",
      "org.apache.spark.storage.BlockManager",
      "org.apache.spark.sql.execution.streaming.sinks.FileStreamSink");

  /** The committed CLI model, as a directory on disk (target/test-classes/...). */
  static Path cliModel() throws URISyntaxException {
    URL url = ModelFiles.class.getResource("/models/relu2-format1/metadata.json");
    assertTrue(url != null, "test resource models/relu2-format1 is missing");
    return Path.of(url.toURI()).getParent();
  }

  /** Columns id, x0..x{d-1}, label, cls (1 where label > 0, else 0) and features. */

  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** Every message of an exception and its causes, joined. */
  static String messages(Throwable t) {
    StringBuilder all = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      all.append(c.getClass().getName()).append(": ").append(c.getMessage()).append('\n');
    }
    return all.toString();
  }

  /**
   * Loading dir fails with an IllegalArgumentException, or a SparkException from a job, whose
   * messages name the directory and the given fact; it never returns a model.
   */
  static void assertLoadFails(Path dir, String fact, Dataset<Row> data) {
    Throwable e;
    Map<String, Level> levels = new HashMap<>();
    for (String name : TASK_FAILURE_LOGGERS) {
      levels.put(name, LogManager.getLogger(name).getLevel());
      Configurator.setLevel(name, Level.OFF);
    }
    try {
      WideNetRegressionModel.load(dir.toString()).transform(data).collectAsList();
      fail("a damaged model loaded and predicted (" + fact + ")");
      return;
    } catch (Exception ex) {
      e = ex;
    } finally {
      Configurator.setLevel(levels);
    }
    assertTrue(e instanceof IllegalArgumentException || e instanceof SparkException,
        "a clear exception for a damaged model (" + fact + "):\n" + messages(e));
    String all = messages(e);
    assertTrue(all.contains(dir.toString()), "the error names the directory:\n" + all);
    assertTrue(all.contains(fact), "the error names \"" + fact + "\":\n" + all);
  }

  /** Rewrites metadata.json, asserting the edit matched. */
  static void edit(Path model, Function<String, String> change) throws IOException {
    Path meta = model.resolve(ModelStore.METADATA_FILE);
    String before = Files.readString(meta, StandardCharsets.UTF_8);
    String after = change.apply(before);
    assertNotEquals(before, after, "the edit changed metadata.json");
    Files.writeString(meta, after, StandardCharsets.UTF_8);
  }
}
