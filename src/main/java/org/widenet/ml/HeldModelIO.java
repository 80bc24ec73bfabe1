package org.widenet.ml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.widenet.model.Block;
import org.widenet.model.ModelMetadata;
import org.widenet.smooth.SmoothBlock;
import org.widenet.smooth.SmoothModelStore;
import org.widenet.smooth.SmoothSpec;
import org.widenet.softmax.SoftmaxBlock;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.softmax.SoftmaxSpec;

/**
 * Saving and loading the driver-held models in the CLI's own layouts (metadata.json +
 * weights/): softmax2 classifiers through {@link SoftmaxModelStore}, smooth2 regressors and
 * one-vs-all classifiers through {@link SmoothModelStore}, plus Spark's stage
 * {@code metadata/}. Models that
 * {@code widenet train --model softmax2|smooth2} saved load too.
 */
final class HeldModelIO {
  private HeldModelIO() {}

  static void save(SparkSession spark, WideNetParams model, ModelCore core, String path) {
    HeldNetwork net = core.held;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Blocks travel by broadcast (Kryo), not inside tasks (Java serialization).
    Broadcast<ArrayList<Block>> bc = jsc.broadcast(new ArrayList<>(net.blocks));
    List<Integer> ids = IntStream.range(0, net.blocks.size()).boxed()
        .collect(Collectors.toList());
    JavaRDD<Block> blocks = jsc.parallelize(ids, ids.size()).map(i -> bc.value().get(i));
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("label_scale", core.labelScale);
    extra.put("provenance", WideNetModelIO.stageProvenance(model, core.provenance,
        core.encoding));
    try {
      if (net.spec instanceof SoftmaxSpec spec) {
        extra.put("iterations", core.iterations);
        SoftmaxModelStore.save(spark, blocks.map(b -> (SoftmaxBlock) b), spec, net.inputDim,
            core.numBlocks, extra, path);
      } else {
        SmoothModelStore.save(spark, blocks.map(b -> (SmoothBlock) b), (SmoothSpec) net.spec,
            core.numBlocks, core.iterations, extra, path);
      }
    } finally {
      bc.destroy();
    }
    StageMetadata.write(spark, model, path, Map.of("label_encoding", core.encoding.name()));
  }

  /** The saved state, and the stage metadata (null for a CLI model). */
  record Loaded(ModelCore core, JsonNode stage, Map<String, Object> provenance) {}

  /** @param family the saved family, softmax2 or smooth2 */
  static Loaded load(SparkSession spark, String path, String family) {
    HeldNetwork net;
    Map<String, Object> meta;
    if (family.equals(SmoothModelStore.FAMILY)) {
      SmoothModelStore.Loaded l = SmoothModelStore.load(spark, path);
      net = new HeldNetwork(l.spec(), l.spec().d0(), l.blocks());
      meta = l.metadata();
    } else {
      SoftmaxModelStore.Loaded l = SoftmaxModelStore.load(spark, path);
      net = new HeldNetwork(l.spec(), l.inputDim(), l.blocks());
      meta = l.metadata();
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    if (meta.get("provenance") instanceof Map<?, ?> saved) {
      saved.forEach((k, v) -> provenance.put(String.valueOf(k), v));
    }
    if (meta.get("label_scale") instanceof Number scale && scale.doubleValue() != 1.0) {
      provenance.put(ModelMetadata.LABEL_SCALE, scale.doubleValue());
    }
    Object steps = meta.containsKey("steps") ? meta.get("steps") : meta.get("iterations");
    int iterations = steps instanceof Number n ? n.intValue() : 0;
    int numBlocks = ((Number) meta.get("num_blocks")).intValue();
    ModelCore core = ModelCore.held(net, numBlocks, iterations, null, provenance);
    JsonNode stage = WideNetModelIO.hasStageMetadata(spark, path)
        ? StageMetadata.read(spark, path) : null;
    return new Loaded(core, stage, provenance);
  }

  /** The network params of a model saved by the CLI (no stage metadata). */
  static void applyNetwork(WideNetParams model, ModelCore core) {
    HeldNetwork net = core.held;
    model.set(model.model(), net.family());
    model.set(model.numBlocks(), core.numBlocks);
    if (net.spec instanceof SoftmaxSpec spec) {
      model.set(model.width(), (long) spec.width());
      model.set(model.initScale(), spec.sigma());
      model.set(model.seed(), spec.seed());
      model.set(model.symmetricInit(), spec.symmetric());
    } else {
      SmoothSpec spec = (SmoothSpec) net.spec;
      model.set(model.width(), spec.width());
      model.set(model.seed(), spec.seed());
      model.set(model.activation(), spec.activation().cliName());
    }
  }
}
