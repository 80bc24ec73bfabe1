package org.widenet.ml;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.InvocationTargetException;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;

/** Loads an estimator saved by {@link EstimatorWriter}. */
final class EstimatorReader<T extends Params> extends MLReader<T> {
  private final Class<T> type;

  EstimatorReader(Class<T> type) {
    this.type = type;
  }

  @Override
  public T load(String path) {
    JsonNode meta = StageMetadata.read(sparkSession(), path);
    String saved = meta.path("class").asText();
    if (!saved.equals(type.getName())) {
      throw new IllegalArgumentException(path + " holds a " + saved + ", not a "
          + type.getName());
    }
    try {
      T stage = type.getConstructor(String.class).newInstance(meta.path("uid").asText());
      StageMetadata.applyParams(stage, meta);
      return stage;
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalStateException("cannot create " + type.getName(), e);
    }
  }
}
