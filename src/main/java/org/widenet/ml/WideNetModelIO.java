package org.widenet.ml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.param.Param;
import org.apache.spark.sql.SparkSession;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.spark.ModelStore;

/**
 * Saving and loading fitted models. A model directory is the CLI's model layout
 * (metadata.json + weights/, written block by block by the executors) plus Spark's stage
 * {@code metadata/} so Pipelines can hold it. A model saved by {@code widenet train} has no
 * {@code metadata/}; it loads with default params and its network settings.
 */
final class WideNetModelIO {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WideNetModelIO() {}

  /** The saved state of a model. */
  record Loaded(NetworkSpec spec, int inputDim, int numBlocks, int iterations,
      LabelEncoding encoding, JavaRDD<NeuronBlock> blocks, JsonNode stageMetadata,
      Map<String, Object> provenance) {}

  static void save(SparkSession spark, WideNetParams model, JavaRDD<NeuronBlock> blocks,
      NetworkSpec spec, int inputDim, int numBlocks, int iterations, LabelEncoding encoding,
      Map<String, Object> provenance, String path) {
    Map<String, Object> prov = stageProvenance(model, provenance, encoding);
    ModelStore.save(spark, blocks, new ModelMetadata(spec, inputDim, numBlocks, iterations,
        prov), path);
    StageMetadata.write(spark, model, path, Map.of("label_encoding", encoding.name()));
  }

  /**
   * The provenance saved in metadata.json: the fit's, plus the label encoding, the stage class
   * and every param, so the CLI's tools read an API model.
   */
  static Map<String, Object> stageProvenance(WideNetParams model,
      Map<String, Object> provenance, LabelEncoding encoding) {
    Map<String, Object> prov = new LinkedHashMap<>(provenance);
    prov.put("label_encoding", encoding.name());
    prov.put("stage_class", model.getClass().getName());
    Map<String, Object> params = new LinkedHashMap<>();
    scala.collection.Iterator<org.apache.spark.ml.param.ParamPair<?>> it =
        model.extractParamMap().toSeq().iterator();
    while (it.hasNext()) {
      org.apache.spark.ml.param.ParamPair<?> pair = it.next();
      @SuppressWarnings("unchecked")
      Param<Object> param = (Param<Object>) pair.param();
      params.put(param.name(), param.jsonEncode(pair.value()));
    }
    prov.put("params", params);
    return prov;
  }

  static Loaded load(SparkSession spark, String path) {
    ModelMetadata meta = ModelStore.loadMetadata(spark, path);
    JavaRDD<NeuronBlock> blocks = ModelStore.loadBlocksDistributed(spark, path, meta);
    JsonNode stage = hasStageMetadata(spark, path) ? StageMetadata.read(spark, path) : null;
    Object encoding = meta.provenance().get("label_encoding");
    return new Loaded(meta.network(), meta.inputDim(), meta.numBlocks(), meta.iterations(),
        encoding == null ? LabelEncoding.IDENTITY : LabelEncoding.valueOf(encoding.toString()),
        blocks, stage, meta.provenance());
  }

  static boolean hasStageMetadata(SparkSession spark, String path) {
    Path dir = new Path(path, StageMetadata.DIR);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      return fs.exists(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the network params of a model loaded without stage metadata (a CLI model). */
  static void applyNetwork(WideNetParams model, NetworkSpec spec, int numBlocks) {
    model.set(model.model(), spec.family().cliName());
    model.set(model.width(), spec.width());
    model.set(model.initScale(), spec.initScale());
    model.set(model.seed(), spec.seed());
    model.set(model.symmetricInit(), spec.symmetricInit());
    model.set(model.numBlocks(), numBlocks);
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
