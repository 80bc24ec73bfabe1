package org.widenet.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A saved model's {@code metadata.json}: one JSON object, read and written through Hadoop's
 * FileSystem (local, HDFS and object-store paths alike) by every family's model store.
 */
public final class MetadataFile {
  public static final String NAME = "metadata.json";

  private MetadataFile() {}

  /** The metadata.json of the model under dir, as a map. */
  public static Map<String, Object> read(Configuration conf, String dir) {
    return readJson(conf, new Path(dir, NAME));
  }

  /** Writes map as the model's indented metadata.json under dir; it must not exist yet. */
  public static void write(Configuration conf, String dir, Map<String, Object> map) {
    writeJson(conf, new Path(dir, NAME), map);
  }

  /** Any JSON object file as a map. */
  public static Map<String, Object> readJson(Configuration conf, Path path) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (InputStream in = fs.open(path)) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = new ObjectMapper().readValue(in, Map.class);
        return map;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model metadata " + path, e);
    }
  }

  /** Writes map as indented JSON to path, which must not exist yet. */
  public static void writeJson(Configuration conf, Path path, Map<String, Object> map) {
    try {
      FileSystem fs = path.getFileSystem(conf);
      try (OutputStream out = fs.create(path, false)) {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out, map);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }
}
