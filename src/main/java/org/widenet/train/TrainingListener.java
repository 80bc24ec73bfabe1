package org.widenet.train;

/** Receives each iteration's record as soon as it is known (metrics files, progress lines). */
@FunctionalInterface
public interface TrainingListener {
  /** Called once per iteration, t = 0 .. T, in order. An exception stops training. */
  void onIteration(IterationRecord record);

  /** Called once when the learning rate is fixed (after iteration 0 for --lr auto). */
  default void onLearningRate(double eta, boolean automatic) {}
}
