package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Helpers for the loader tests: writing temp files and checking error messages. */
final class TestFiles {
  private TestFiles() {}

  /** Writes text as UTF-8 and returns the path as a string. */
  static String write(Path dir, String name, String text) {
    try {
      Path p = dir.resolve(name);
      Files.write(p, text.getBytes(StandardCharsets.UTF_8));
      return p.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes gzipped UTF-8 text and returns the path as a string. */
  static String writeGz(Path dir, String name, String text) {
    try {
      Path p = dir.resolve(name);
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return p.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts loading fails with a one-line message containing the path and every fragment. */
  static DataException assertLoadFails(
      String path, DataFormat format, String label, String... fragments) {
    DataException e =
        assertThrows(DataException.class, () -> DataLoader.load(path, format, label));
    String m = e.getMessage();
    assertTrue(m.contains(path), "message should name the file: " + m);
    assertTrue(!m.contains("\n") && !m.contains("\r"), "message should be one line: " + m);
    for (String f : fragments) {
      assertTrue(m.contains(f), "message should contain '" + f + "': " + m);
    }
    return e;
  }
}
