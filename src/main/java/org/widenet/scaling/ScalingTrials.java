package org.widenet.scaling;

/**
 * Picks the training run of the study's model: relu2 and exp2 train through the block engine
 * ({@link EngineTrial}); smooth2 and softmax2 through their families' own entry points once
 * those are part of the build.
 */
public final class ScalingTrials {
  private ScalingTrials() {}

  /**
   * The trial of {@code settings.model()}.
   *
   * @param engines opens the block engine of one relu2 or exp2 run
   * @throws IllegalArgumentException when the model has no entry point in this build
   */
  public static WidthTrial forModel(ScalingSettings settings, EngineTrial.EngineFactory engines) {
    switch (settings.model()) {
      case "relu2":
      case "exp2":
        return new EngineTrial(settings, engines);
      default:
        throw new IllegalArgumentException("--model " + settings.model() + ": this build has "
            + "no " + settings.model() + " trainer yet (relu2 and exp2 are available)");
    }
  }
}
