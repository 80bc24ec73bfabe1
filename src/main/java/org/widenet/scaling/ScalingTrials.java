package org.widenet.scaling;

import org.apache.spark.api.java.JavaSparkContext;

/**
 * Picks the training run of the study's model: relu2 and exp2 train through the block engine
 * ({@link EngineTrial}); smooth2 and softmax2 through their families' own entry points
 * ({@link SmoothTrial}, {@link SoftmaxTrial}).
 */
public final class ScalingTrials {
  private ScalingTrials() {}

  /**
   * The trial of {@code settings.model()}.
   *
   * @param engines opens the block engine of one relu2 or exp2 run
   * @param jsc the Spark context for families with their own engines, or null to run those
   *     locally
   * @throws IllegalArgumentException for an unknown model or, for softmax2, an odd grid width
   */
  public static WidthTrial forModel(ScalingSettings settings, EngineTrial.EngineFactory engines,
      JavaSparkContext jsc) {
    return forModel(settings, StudyData.synthetic(settings), engines, jsc);
  }

  /** The trial of {@code settings.model()} on the study's data sets {@code data}. */
  public static WidthTrial forModel(ScalingSettings settings, StudyData data,
      EngineTrial.EngineFactory engines, JavaSparkContext jsc) {
    switch (settings.model()) {
      case "relu2":
      case "exp2":
        return new EngineTrial(settings, data, engines);
      case "smooth2":
        return new SmoothTrial(settings, data, jsc);
      case "softmax2":
        return new SoftmaxTrial(settings, data, jsc);
      default:
        throw new IllegalArgumentException("--model " + settings.model() + ": choose relu2, "
            + "exp2, smooth2 or softmax2");
    }
  }
}
