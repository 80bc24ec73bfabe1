package org.widenet.ml;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.BiFunction;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.widenet.smooth.SmoothModelStore;
import org.widenet.softmax.SoftmaxModelStore;
import org.widenet.spark.SavedMetadata;

/** The writer and reader both model classes use. */
final class ModelReaders {
  private ModelReaders() {}

  /** Writes a model's weights, metadata.json and stage metadata. */
  static final class Writer extends MLWriter {
    private final WideNetParams model;
    private final ModelCore core;

    Writer(WideNetParams model, ModelCore core) {
      this.model = model;
      this.core = core;
    }

    @Override
    public void saveImpl(String path) {
      if (core.held != null) {
        HeldModelIO.save(sparkSession(), model, core, path);
      } else if (core.deep != null) {
        DeepLastModelIO.save(sparkSession(), model, core, path);
      } else {
        WideNetModelIO.save(sparkSession(), model, core.blocks, core.spec, core.inputDim,
            core.numBlocks, core.iterations, core.encoding, core.provenance, path);
      }
      if (core.summary != null) {
        SummaryFile.write(sparkSession(), core.summary, path);
      }
    }
  }

  /** Reads a model directory (saved by the API or by {@code widenet train}). */
  static final class Reader<M extends WideNetParams> extends MLReader<M> {
    private final String prefix;
    private final BiFunction<String, ModelCore, M> make;

    Reader(String prefix, BiFunction<String, ModelCore, M> make) {
      this.prefix = prefix;
      this.make = make;
    }

    @Override
    public M load(String path) {
      org.widenet.spark.SparkSessions.requireKryo(sparkSession().sparkContext().getConf());
      // One dispatch by the saved family (SavedMetadata infers it for models saved before
      // metadata.json named it); an unreadable directory or unknown family fails here.
      String family = SavedMetadata.read(sparkSession().sparkContext().hadoopConfiguration(),
          path).family();
      switch (family) {
        case DeepLastFitting.MODEL:
          return loadDeep(path);
        case SoftmaxModelStore.FAMILY, SmoothModelStore.FAMILY:
          return loadHeld(path, family);
        default:
          break;
      }
      WideNetModelIO.Loaded loaded = WideNetModelIO.load(sparkSession(), path);
      JsonNode stage = loaded.stageMetadata();
      String uid = stage != null ? stage.path("uid").asText() : Identifiable.randomUID(prefix);
      M model = make.apply(uid, null);
      Object saved = stage != null ? stage.path("class").asText()
          : loaded.provenance().get("stage_class");
      if (saved != null && !saved.equals(model.getClass().getName())) {
        throw new IllegalArgumentException("model " + path + " holds a " + saved + ", not a "
            + model.getClass().getName());
      }
      // widenet train fits +-1 targets with squared loss: as a classifier, sign(f) is -1/+1.
      LabelEncoding encoding = loaded.encoding() == LabelEncoding.IDENTITY
          && model instanceof WideNetClassificationModel ? LabelEncoding.PLUS_MINUS_ONE
          : loaded.encoding();
      if (stage != null) {
        StageMetadata.applyParams(model, stage);
      } else {
        applySavedParams(model, loaded.provenance());
        WideNetModelIO.applyNetwork(model, loaded.spec(), loaded.numBlocks());
      }
      return make.apply(uid, ModelCore.loaded(loaded, WideNetFit.fanIn(model,
          loaded.numBlocks()), encoding, SummaryFile.read(sparkSession(), path)))
          .copyParamsFrom(model);
    }

    private M loadHeld(String path, String family) {
      HeldModelIO.Loaded loaded = HeldModelIO.load(sparkSession(), path, family);
      JsonNode stage = loaded.stage();
      String uid = stage != null ? stage.path("uid").asText() : Identifiable.randomUID(prefix);
      M model = make.apply(uid, null);
      Object saved = stage != null ? stage.path("class").asText()
          : loaded.provenance().get("stage_class");
      // softmax2 is a classifier; smooth2 a regressor, or a classifier the API saved as one.
      boolean classifierModel = loaded.core().held.family().equals("softmax2")
          || WideNetClassificationModel.class.getName().equals(saved);
      if (classifierModel != model instanceof WideNetClassificationModel) {
        throw new IllegalArgumentException("model " + path + " is a "
            + loaded.core().held.family() + " model: load it with " + (classifierModel
            ? "WideNetClassificationModel" : "WideNetRegressionModel") + ".load");
      }
      if (!classifierModel && loaded.core().held.outputs() != 1) {
        throw new IllegalArgumentException("model " + path + " is a smooth2 model with "
            + loaded.core().held.outputs() + " outputs: the API's regressor has one output "
            + "(multi-output regression is not supported yet; use widenet predict)");
      }
      if (saved != null && !saved.equals(model.getClass().getName())) {
        throw new IllegalArgumentException("model " + path + " holds a " + saved + ", not a "
            + model.getClass().getName());
      }
      if (stage != null) {
        StageMetadata.applyParams(model, stage);
      } else {
        applySavedParams(model, loaded.provenance());
        HeldModelIO.applyNetwork(model, loaded.core());
      }
      return make.apply(uid, loaded.core().withSummary(SummaryFile.read(sparkSession(), path)))
          .copyParamsFrom(model);
    }

    private M loadDeep(String path) {
      DeepLastModelIO.Loaded loaded = DeepLastModelIO.load(sparkSession(), path);
      try {
        JsonNode stage = loaded.stage();
        String uid = stage != null ? stage.path("uid").asText()
            : Identifiable.randomUID(prefix);
        M model = make.apply(uid, null);
        Object saved = stage != null ? stage.path("class").asText()
            : loaded.provenance().get("stage_class");
        if (saved != null && !saved.equals(model.getClass().getName())) {
          throw new IllegalArgumentException("model " + path + " holds a " + saved
              + ", not a " + model.getClass().getName());
        }
        Object encoding = loaded.provenance().get("label_encoding");
        // widenet train fits +-1 targets with squared loss: as a classifier, sign(f) is -1/+1.
        LabelEncoding labels = encoding != null ? LabelEncoding.valueOf(encoding.toString())
            : model instanceof WideNetClassificationModel ? LabelEncoding.PLUS_MINUS_ONE
            : LabelEncoding.IDENTITY;
        if (stage != null) {
          StageMetadata.applyParams(model, stage);
        } else {
          applySavedParams(model, loaded.provenance());
          DeepLastModelIO.applyNetwork(model, loaded.network(), loaded.provenance());
        }
        return make.apply(uid, ModelCore.deep(loaded.network(), labels,
            SummaryFile.read(sparkSession(), path), null, loaded.provenance(),
            java.util.List.of())).copyParamsFrom(model);
      } catch (RuntimeException e) {
        loaded.network().blocks.unpersist(false);
        throw e;
      }
    }

    private static void applySavedParams(WideNetParams model, Map<String, Object> provenance) {
      Object params = provenance.get("params");
      if (!(params instanceof Map)) {
        return;
      }
      for (Map.Entry<?, ?> e : ((Map<?, ?>) params).entrySet()) {
        String name = String.valueOf(e.getKey());
        if (model.hasParam(name)) {
          @SuppressWarnings("unchecked")
          Param<Object> param = (Param<Object>) model.getParam(name);
          model.set(param, param.jsonDecode(String.valueOf(e.getValue())));
        }
      }
    }
  }
}
