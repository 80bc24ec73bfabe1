package org.widenet.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.Params;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** transformSchema of the estimators and models: the output columns, and a bad input named. */
class TransformSchemaTest {
  @Test
  void transformSchemaAddsDoubleOutputsAndNamesABadFeaturesColumn() {
    StructType good = new StructType().add("features", SQLDataTypes.VectorType())
        .add("label", DataTypes.DoubleType);
    StructType regOut = new WideNetRegressionModel().transformSchema(good);
    assertEquals(List.of("features", "label", "prediction"),
        Arrays.asList(regOut.fieldNames()));
    assertEquals(DataTypes.DoubleType, regOut.apply("prediction").dataType());
    StructType clfOut = new WideNetClassificationModel().transformSchema(good);
    assertEquals(SQLDataTypes.VectorType(), clfOut.apply("rawPrediction").dataType());
    assertEquals(DataTypes.DoubleType, clfOut.apply("prediction").dataType());
    assertEquals(good.length() + 2, clfOut.length());
    assertEquals(regOut, new WideNetRegressor().transformSchema(good));
    assertEquals(clfOut, new WideNetClassifier().transformSchema(good));

    StructType missing = new StructType().add("label", DataTypes.DoubleType);
    StructType notVector = new StructType().add("features", DataTypes.DoubleType)
        .add("label", DataTypes.DoubleType);
    List<Params> stages = List.of(new WideNetRegressionModel(),
        new WideNetClassificationModel(), new WideNetRegressor(), new WideNetClassifier());
    for (Params stage : stages) {
      String name = stage.getClass().getSimpleName();
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> transformSchema(stage, missing), name);
      assertTrue(e.getMessage().contains("\"features\""), name + ": " + e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> transformSchema(stage, notVector),
          name);
      assertTrue(e.getMessage().contains("\"features\"") && e.getMessage().contains("Vector"),
          name + ": " + e.getMessage());
    }
    WideNetRegressionModel placeholder = new WideNetRegressionModel();
    WideNetRegressionModel renamed = placeholder.copy(ParamMap.empty()
        .put(placeholder.featuresCol(), "x"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> renamed.transformSchema(good)).getMessage().contains("\"x\""));
  }

  private static StructType transformSchema(Params stage, StructType schema) {
    if (stage instanceof Transformer) {
      return ((Transformer) stage).transformSchema(schema);
    }
    assertInstanceOf(Estimator.class, stage);
    return ((Estimator<?>) stage).transformSchema(schema);
  }
}
