package org.widenet.smooth;

/** Receives each logged row of a smooth2 run as soon as it is known. */
@FunctionalInterface
public interface SmoothListener {
  /** Called in order: iteration 0 first. An exception stops training. */
  void onRecord(SmoothRecord record);

  /**
   * The step size gd or sgd uses, once it is known (before iteration 1; with an automatic
   * step size, after iteration 0's Gram). Does nothing unless overridden.
   */
  default void onLearningRate(double eta, boolean automatic) {}
}
