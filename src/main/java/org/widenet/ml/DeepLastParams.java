package org.widenet.ml;

import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Params of the deep-last family alone (the CLI's deep-last option group), kept apart from
 * {@link WideNetParams} so that each file stays one idea; every widenet stage has them.
 */
public interface DeepLastParams extends Params {
  /** maxIter of a deep-last fit when it is unset (the CLI's --iterations default there). */
  int DEEP_LAST_ITERATIONS = 10;
  /** activation of a deep-last fit when it is unset (the CLI's default there). */
  String DEEP_LAST_ACTIVATION = "shifted";
  /** optimizer of a deep-last fit when it is unset: its only one. */
  String DEEP_LAST_OPTIMIZER = "gn";

  /** The Param objects of this instance. */
  WideNetParamSet paramSet();

  default IntParam depth() {
    return paramSet().depth;
  }

  default DoubleParam alpha() {
    return paramSet().alpha;
  }

  default DoubleParam threshold() {
    return paramSet().threshold;
  }

  default Param<String> gnMethod() {
    return paramSet().gnMethod;
  }

  default IntParam sketchSize() {
    return paramSet().sketchSize;
  }

  default LongParam sketchSeed() {
    return paramSet().sketchSeed;
  }

  default BooleanParam exactCheck() {
    return paramSet().exactCheck;
  }

  default DoubleParam residualTol() {
    return paramSet().residualTol;
  }

  default int getDepth() {
    return (Integer) $(depth());
  }

  default double getAlpha() {
    return (Double) $(alpha());
  }

  /** The threshold b; NaN when unset (then it follows from alpha). */
  default double getThreshold() {
    return isDefined(threshold()) ? (Double) $(threshold()) : Double.NaN;
  }

  default String getGnMethod() {
    return $(gnMethod());
  }

  default int getSketchSize() {
    return (Integer) $(sketchSize());
  }

  default long getSketchSeed() {
    return (Long) $(sketchSeed());
  }

  default boolean getExactCheck() {
    return (Boolean) $(exactCheck());
  }

  default double getResidualTol() {
    return (Double) $(residualTol());
  }
}
