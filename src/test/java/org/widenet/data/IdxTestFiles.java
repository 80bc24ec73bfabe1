package org.widenet.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Helpers for the IDX tests: building IDX bytes and writing them, plain or gzipped. */
final class IdxTestFiles {
  private IdxTestFiles() {}

  /** IDX bytes of unsigned-byte data with the given dimensions (data is not checked). */
  static byte[] idx(int[] dims, byte[] data) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0);
    b.write(0);
    b.write(IdxFile.UNSIGNED_BYTE);
    b.write(dims.length);
    for (int v : dims) {
      b.write(v >>> 24);
      b.write(v >>> 16);
      b.write(v >>> 8);
      b.write(v);
    }
    b.writeBytes(data);
    return b.toByteArray();
  }

  /** IDX bytes of an image file: count images of rows x cols, pixel values 0..255. */
  static byte[] images(int count, int rows, int cols, int[] pixels) {
    return idx(new int[] {count, rows, cols}, bytes(pixels));
  }

  /** IDX bytes of a label file. */
  static byte[] labels(int... labels) {
    return idx(new int[] {labels.length}, bytes(labels));
  }

  /** Values 0..255 as bytes. */
  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** Writes bytes to dir/name, gzipped when the name ends in .gz; returns the path. */
  static String write(Path dir, String name, byte[] content) {
    try {
      Path p = dir.resolve(name);
      if (name.endsWith(".gz")) {
        Files.write(p, gzip(content));
      } else {
        Files.write(p, content);
      }
      return p.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes bytes to dir/name as they are, whatever the name; returns the path. */
  static String writeRaw(Path dir, String name, byte[] content) {
    try {
      Path p = dir.resolve(name);
      Files.write(p, content);
      return p.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Gzip-compressed copy of content. */
  static byte[] gzip(byte[] content) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(b)) {
      out.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.toByteArray();
  }
}
