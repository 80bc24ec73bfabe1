package org.widenet.ml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.widenet.softmax.SoftmaxBlock;
import org.widenet.softmax.SoftmaxModelStore;

/**
 * Saving and loading softmax2 classifiers in the CLI's softmax2 model layout
 * ({@link SoftmaxModelStore}: metadata.json + weights/), plus Spark's stage {@code metadata/};
 * a softmax2 model saved by {@code widenet train --model softmax2} loads as a classifier.
 */
final class SoftmaxModelIO {
  private SoftmaxModelIO() {}

  /** Whether path holds a softmax2 model (its metadata.json says so). */
  static boolean isSoftmax(SparkSession spark, String path) {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    try {
      Path meta = new Path(path, SoftmaxModelStore.METADATA_FILE);
      FileSystem fs = meta.getFileSystem(conf);
      return fs.exists(meta) && "softmax2".equals(SoftmaxModelStore.readMetadata(path, conf)
          .get("model"));
    } catch (java.io.IOException | RuntimeException e) {
      return false;
    }
  }

  static void save(SparkSession spark, WideNetParams model, ModelCore core, String path) {
    SoftmaxNetwork net = core.softmax;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Blocks travel by broadcast (Kryo), not inside tasks (Java serialization).
    Broadcast<ArrayList<SoftmaxBlock>> bc = jsc.broadcast(new ArrayList<>(net.blocks));
    List<Integer> ids = IntStream.range(0, net.blocks.size()).boxed()
        .collect(Collectors.toList());
    JavaRDD<SoftmaxBlock> blocks = jsc.parallelize(ids, ids.size()).map(i -> bc.value().get(i));
    Map<String, Object> provenance = WideNetModelIO.stageProvenance(model, core.provenance,
        core.encoding);
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("iterations", core.iterations);
    extra.put("label_scale", 1.0);
    extra.put("provenance", provenance);
    try {
      SoftmaxModelStore.save(spark, blocks, net.spec, net.inputDim, core.numBlocks, extra,
          path);
    } finally {
      bc.destroy();
    }
    StageMetadata.write(spark, model, path, Map.of("label_encoding", core.encoding.name()));
  }

  /** The saved state, and the stage metadata (null for a CLI model). */
  record Loaded(ModelCore core, JsonNode stage, Map<String, Object> provenance) {}

  @SuppressWarnings("unchecked")
  static Loaded load(SparkSession spark, String path) {
    SoftmaxModelStore.Loaded l = SoftmaxModelStore.load(spark, path);
    Map<String, Object> meta = l.metadata();
    Object saved = meta.get("provenance");
    Map<String, Object> provenance = saved instanceof Map
        ? new LinkedHashMap<>((Map<String, Object>) saved) : new LinkedHashMap<>();
    int iterations = meta.get("iterations") instanceof Number n ? n.intValue() : 0;
    int numBlocks = ((Number) meta.get("num_blocks")).intValue();
    ModelCore core = ModelCore.softmax(new SoftmaxNetwork(l.spec(), l.inputDim(), l.blocks()),
        numBlocks, iterations, null, provenance);
    JsonNode stage = WideNetModelIO.hasStageMetadata(spark, path)
        ? StageMetadata.read(spark, path) : null;
    return new Loaded(core, stage, provenance);
  }

  /** The network params of a softmax2 model saved by the CLI (no stage metadata). */
  static void applyNetwork(WideNetParams model, ModelCore core) {
    model.set(model.model(), "softmax2");
    model.set(model.width(), (long) core.softmax.spec.width());
    model.set(model.initScale(), core.softmax.spec.sigma());
    model.set(model.seed(), core.softmax.spec.seed());
    model.set(model.symmetricInit(), core.softmax.spec.symmetric());
    model.set(model.numBlocks(), core.numBlocks);
  }
}
