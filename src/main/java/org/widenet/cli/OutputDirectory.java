package org.widenet.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * The run's --out directory on the driver. A non-empty directory is refused unless the user
 * says --overwrite, and even then only widenet's own outputs (metrics.csv, summary.json,
 * model/) are removed: anything else the user keeps there stays.
 */
final class OutputDirectory {
  static final String METRICS = "metrics.csv";
  static final String SUMMARY = "summary.json";
  static final String MODEL = "model";
  private static final List<String> OWN = List.of(METRICS, SUMMARY, SUMMARY + ".tmp", MODEL);

  private OutputDirectory() {}

  /**
   * Checks the directory can be used: it is an empty (or, with overwrite, any) directory we may
   * write in, or it does not exist and its nearest existing ancestor is a directory we may
   * write in. Changes nothing on disk.
   */
  static void check(Path dir, boolean overwrite) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new UsageException("--out " + dir + ": exists and is not a directory");
    }
    requireWritable(dir);
    if (Files.isDirectory(dir) && !overwrite && !isEmpty(dir)) {
      throw new UsageException("--out " + dir + ": directory is not empty (add --overwrite to "
          + "replace widenet's outputs in it, or choose a new directory)");
    }
  }

  /** Creates the directory, removing widenet's earlier outputs when overwriting. */
  static void prepare(Path dir, boolean overwrite) {
    check(dir, overwrite);
    try {
      Files.createDirectories(dir);
      if (overwrite) {
        for (String name : OWN) {
          deleteRecursively(dir.resolve(name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare --out " + dir, e);
    }
  }

  private static void requireWritable(Path dir) {
    if (Files.isDirectory(dir)) {
      if (!Files.isWritable(dir)) {
        throw new UsageException("--out " + dir + ": directory is not writable");
      }
      return;
    }
    Path ancestor = dir.toAbsolutePath().getParent();
    while (ancestor != null && !Files.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null) {
      return;
    }
    if (!Files.isDirectory(ancestor)) {
      throw new UsageException("--out " + dir + ": cannot create it, " + ancestor
          + " is not a directory");
    }
    if (!Files.isWritable(ancestor)) {
      throw new UsageException("--out " + dir + ": cannot create it, " + ancestor
          + " is not writable");
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UsageException("--out " + dir + ": cannot list: " + e.getMessage());
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    Files.walkFileTree(path, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
