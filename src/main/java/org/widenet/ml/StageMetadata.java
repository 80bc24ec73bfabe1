package org.widenet.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamPair;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.SparkSession;
import org.widenet.report.Provenance;

/**
 * The {@code metadata/} file Spark's Pipeline reader expects in every stage directory (a
 * one-line JSON text file with class, uid, sparkVersion and the params), written and read
 * with widenet's own code rather than Spark's internal DefaultParamsWriter.
 */
final class StageMetadata {
  static final String DIR = "metadata";
  private static final ObjectMapper JSON = new ObjectMapper();
  /**
   * Params earlier releases had on stages that no longer have them, skipped on load: the
   * regressors had a rawPredictionCol before they became Spark Regressors.
   */
  private static final java.util.Set<String> RETIRED = java.util.Set.of("rawPredictionCol");

  private StageMetadata() {}

  /** Writes path/metadata for a stage; extra keys (e.g. the label encoding) go in "extra". */
  static void write(SparkSession spark, Params stage, String path, Map<String, Object> extra) {
    ObjectNode root = JSON.createObjectNode();
    root.put("class", stage.getClass().getName());
    root.put("timestamp", System.currentTimeMillis());
    root.put("sparkVersion", Provenance.sparkVersion());
    root.put("uid", stage.uid());
    root.set("paramMap", params(stage, false));
    root.set("defaultParamMap", params(stage, true));
    root.set("extra", JSON.valueToTree(extra));
    root.put("widenetVersion", Provenance.widenetVersion());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    try {
      jsc.parallelize(List.of(JSON.writeValueAsString(root)), 1)
          .saveAsTextFile(new Path(path, DIR).toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode params(Params stage, boolean defaults) {
    ObjectNode node = JSON.createObjectNode();
    scala.collection.Iterator<ParamPair<?>> pairs = defaults
        ? stage.defaultParamMap().toSeq().iterator() : stage.paramMap().toSeq().iterator();
    while (pairs.hasNext()) {
      ParamPair<?> pair = pairs.next();
      @SuppressWarnings("unchecked")
      Param<Object> param = (Param<Object>) pair.param();
      try {
        node.set(param.name(), JSON.readTree(param.jsonEncode(pair.value())));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return node;
  }

  /** Reads path/metadata; IllegalArgumentException naming the path when it is unusable. */
  static JsonNode read(SparkSession spark, String path) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    String dir = new Path(path, DIR).toString();
    List<String> lines;
    try {
      lines = jsc.textFile(dir, 1).collect();
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot read stage metadata " + dir + ": "
          + e.getMessage(), e);
    }
    if (lines.size() != 1) {
      throw new IllegalArgumentException("stage metadata " + dir + " must hold one line, "
          + "found " + lines.size());
    }
    try {
      return JSON.readTree(lines.get(0));
    } catch (IOException e) {
      throw new IllegalArgumentException("stage metadata " + dir + " is not JSON: "
          + e.getMessage());
    }
  }

  /** Sets every param saved in node (user-set params, then defaults already in place). */
  static void applyParams(Params stage, JsonNode metadata) {
    JsonNode map = metadata.get("paramMap");
    if (map == null) {
      return;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = map.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (RETIRED.contains(field.getKey()) && !stage.hasParam(field.getKey())) {
        continue;
      }
      if (!stage.hasParam(field.getKey())) {
        throw new IllegalArgumentException("saved param \"" + field.getKey() + "\" is unknown "
            + "to " + stage.getClass().getSimpleName());
      }
      @SuppressWarnings("unchecked")
      Param<Object> param = (Param<Object>) stage.getParam(field.getKey());
      stage.set(param, param.jsonDecode(field.getValue().toString()));
    }
  }
}
