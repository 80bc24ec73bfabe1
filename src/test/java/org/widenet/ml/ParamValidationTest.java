package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.junit.jupiter.api.Test;

/** Every Param of both estimators refuses an invalid value when set, naming itself. */
class ParamValidationTest {

  private static Map<String, Object> invalidValues() {
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("model", "tanh2");
    bad.put("activation", "relu");
    bad.put("width", 0L);
    bad.put("optimizer", "adam");
    bad.put("epochs", -1);
    bad.put("batchSize", 0);
    bad.put("stepSize", 0.0);
    bad.put("damping", -1e-3);
    bad.put("maxIter", -1);
    bad.put("numBlocks", -2);
    bad.put("initScale", 0.0);
    bad.put("gramEvery", 0);
    bad.put("gram", "dense");
    bad.put("stepForm", "dual");
    bad.put("checkpointInterval", 0);
    bad.put("aggregationDepth", 3);
    bad.put("broadcastThreshold", -1L);
    bad.put("divergenceFactor", 1.0);
    bad.put("cgTol", 0.0);
    bad.put("cgMaxIter", 0);
    bad.put("lanczosSteps", 0);
    bad.put("preconditionerRank", -1);
    bad.put("preconditionerEvery", 0);
    bad.put("driverGramLimit", -1L);
    bad.put("lrConstant", 0.0);
    bad.put("init", "xavier");
    bad.put("omegaRatio", 0.0);
    bad.put("driverCollectLimit", 0L);
    bad.put("tol", -1e-3);
    bad.put("depth", 1);
    bad.put("alpha", 1.0);
    bad.put("threshold", 40.0);
    bad.put("gnMethod", "lsqr");
    bad.put("sketchSize", 0);
    bad.put("residualTol", -1.0);
    return bad;
  }

  @Test
  void everyValidatedParamRejectsABadValueNamingIt() {
    for (WideNetParams stage : new WideNetParams[] {new WideNetRegressor(),
        new WideNetClassifier()}) {
      for (Map.Entry<String, Object> e : invalidValues().entrySet()) {
        @SuppressWarnings("unchecked")
        Param<Object> param = (Param<Object>) stage.getParam(e.getKey());
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
            () -> stage.set(param, e.getValue()), e.getKey());
        assertTrue(error.getMessage().contains(e.getKey()), error.getMessage());
      }
    }
  }

  @Test
  void everyParamIsCoveredAndHasDocumentation() {
    WideNetRegressor r = new WideNetRegressor();
    int validated = 0;
    for (Param<?> p : r.params()) {
      assertTrue(!p.doc().isBlank(), p.name());
      if (invalidValues().containsKey(p.name())) {
        validated++;
      }
    }
    // seed, symmetricInit, scaleLabels, lazy, checkpointDir, validationIndicatorCol,
    // sketchSeed and exactCheck take any value of their type; the column Params are Spark's
    // own (featuresCol, labelCol, predictionCol).
    assertEquals(r.params().length - 8 - 3, validated);
  }
}
