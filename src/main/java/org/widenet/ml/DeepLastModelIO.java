package org.widenet.ml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.widenet.model.ModelMetadata;
import org.widenet.spark.DeepModelStore;

/**
 * Saving and loading deep-last models in the CLI's own layout ({@link DeepModelStore}:
 * metadata.json, coefficients/, inputs/) plus Spark's stage {@code metadata/}, so that
 * {@code widenet predict} predicts with a model the API saved, and models that
 * {@code widenet train --model deep-last} saved load here.
 */
final class DeepLastModelIO {
  private DeepLastModelIO() {}

  static void save(SparkSession spark, WideNetParams model, ModelCore core, String path) {
    DeepNetwork net = core.deep;
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("provenance", WideNetModelIO.stageProvenance(model, core.provenance,
        core.encoding));
    DeepModelStore.saveBlocks(spark, net.blocks, net.spec, net.numBlocks, net.iterations,
        net.x, net.n, core.labelScale, extra, path);
    StageMetadata.write(spark, model, path, Map.of("label_encoding", core.encoding.name()));
  }

  /** The saved network, its provenance, and the stage metadata (null for a CLI model). */
  record Loaded(DeepNetwork network, Map<String, Object> provenance, JsonNode stage) {}

  static Loaded load(SparkSession spark, String path) {
    DeepModelStore.Loaded l = DeepModelStore.load(spark, path);
    double[] x;
    try {
      x = DeepModelStore.inputs(spark, path);
    } catch (RuntimeException e) {
      l.close();
      throw e;
    }
    Map<String, Object> meta = l.metadata();
    DeepNetwork net = new DeepNetwork(l.spec(), l.numBlocks(), ((Number) meta.get("n"))
        .intValue(), ((Number) meta.get("iterations")).intValue(), l.blocks(), l.v(), x);
    Map<String, Object> provenance = new LinkedHashMap<>();
    if (meta.get("provenance") instanceof Map<?, ?> saved) {
      saved.forEach((k, v) -> provenance.put(String.valueOf(k), v));
    }
    if (l.labelScale() != 1.0) {
      provenance.put(ModelMetadata.LABEL_SCALE, l.labelScale());
    }
    JsonNode stage = WideNetModelIO.hasStageMetadata(spark, path)
        ? StageMetadata.read(spark, path) : null;
    return new Loaded(net, provenance, stage);
  }

  /**
   * The network params of a model saved by the CLI (no stage metadata): the network's, and
   * the training settings the CLI recorded in its provenance.
   */
  static void applyNetwork(WideNetParams model, DeepNetwork net, Map<String, Object> provenance) {
    model.set(model.model(), DeepLastFitting.MODEL);
    model.set(model.optimizer(), "gn");
    model.set(model.width(), (long) net.spec.width());
    model.set(model.depth(), net.spec.depth());
    model.set(model.threshold(), net.spec.threshold());
    model.set(model.activation(), net.spec.activation().cliName());
    model.set(model.seed(), net.spec.seed());
    model.set(model.numBlocks(), net.numBlocks);
    if (provenance.get("settings") instanceof Map<?, ?> settings) {
      if (settings.get("iterations") instanceof Number t) {
        model.set(model.maxIter(), t.intValue());
      }
      if (settings.get("gn") instanceof String method) {
        model.set(model.gnMethod(), method);
      }
      if (settings.get("damping") instanceof Number mu) {
        model.set(model.damping(), mu.doubleValue());
      }
      if (settings.get("sketch_size") instanceof Number s && s.intValue() > 0) {
        model.set(model.sketchSize(), s.intValue());
      }
    }
  }
}
