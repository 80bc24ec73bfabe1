package org.widenet.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.widenet.train.IterationRecord;

/**
 * A fit's training summary saved next to the model ({@code training-summary.json}, written
 * and read through Hadoop's FileSystem): one row per iteration with the metrics.csv columns
 * (NaN as null), the step size and the provenance. An extra file: readers that do not know it
 * (widenet 0.1.0, the CLI) ignore it, and a model without it loads without a summary.
 */
final class SummaryFile {
  static final String NAME = "training-summary.json";
  private static final String FORMAT = "widenet-training-summary";
  /**
   * stop_reason and each row's validation_loss were added within version 1: readers that do
   * not know them skip them, and a file without them reads as "unknown" and NaN.
   */
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private SummaryFile() {}

  static void write(SparkSession spark, TrainingSummary summary, String dir) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("format_version", VERSION);
    putNumber(root, "learning_rate", summary.learningRate());
    root.put("stop_reason", summary.stopReason());
    ArrayNode rows = root.putArray("iterations");
    double[] validation = summary.validationHistory();
    for (int i = 0; i < validation.length; i++) {
      IterationRecord r = summary.records().get(i);
      ObjectNode row = rows.addObject();
      row.put("iteration", r.iteration());
      putNumber(row, "loss", r.loss());
      row.put("elapsed_ms", r.elapsedMs());
      putNumber(row, "lambda_min", r.lambdaMin());
      putNumber(row, "lambda_max", r.lambdaMax());
      putNumber(row, "gram_drift", r.gramDrift());
      putNumber(row, "max_move", r.maxMove());
      putNumber(row, "fro_move", r.froMove());
      putNumber(row, "pattern_change", r.patternChange());
      putNumber(row, "validation_loss", validation[i]);
    }
    root.set("provenance", JSON.valueToTree(summary.provenance()));
    Path path = new Path(dir, NAME);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream out = fs.create(path, false)) {
        JSON.writerWithDefaultPrettyPrinter().writeValue(out, root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  /** The saved summary, or null when dir has none (a model saved before summaries were). */
  @SuppressWarnings("unchecked")
  static TrainingSummary read(SparkSession spark, String dir) {
    Path path = new Path(dir, NAME);
    JsonNode root;
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(path)) {
        return null;
      }
      try (InputStream in = fs.open(path)) {
        root = JSON.readTree(in);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("model " + dir + ": unreadable " + NAME + " ("
          + e.getMessage() + ")", e);
    }
    if (!FORMAT.equals(root.path("format").asText())
        || root.path("format_version").asInt() > VERSION) {
      throw new IllegalArgumentException("model " + dir + ": " + NAME + " is not a format "
          + "this widenet reads (format " + root.path("format").asText() + " version "
          + root.path("format_version").asInt() + ")");
    }
    List<IterationRecord> records = new ArrayList<>();
    List<Double> validation = new ArrayList<>();
    for (JsonNode row : root.path("iterations")) {
      validation.add(number(row, "validation_loss"));
      records.add(new IterationRecord(row.path("iteration").asInt(), number(row, "loss"),
          row.path("elapsed_ms").asLong(), number(row, "lambda_min"),
          number(row, "lambda_max"), number(row, "gram_drift"), number(row, "max_move"),
          number(row, "fro_move"), number(row, "pattern_change")));
    }
    Map<String, Object> provenance = root.has("provenance")
        ? JSON.convertValue(root.get("provenance"), LinkedHashMap.class) : Map.of();
    return records.isEmpty() ? null
        : new TrainingSummary(records, validation.stream().mapToDouble(Double::doubleValue)
            .toArray(), number(root, "learning_rate"),
            root.path("stop_reason").asText("unknown"), provenance);
  }

  private static void putNumber(ObjectNode node, String key, double v) {
    if (Double.isFinite(v)) {
      node.put(key, v);
    } else {
      node.putNull(key);
    }
  }

  private static double number(JsonNode node, String key) {
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? Double.NaN : v.asDouble();
  }
}
