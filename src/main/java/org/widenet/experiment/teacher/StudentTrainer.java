package org.widenet.experiment.teacher;

/**
 * Trains one student of the teacher-student sweep: a two-layer GeLU network V gelu(W x) of the
 * settings' width, both layers trained by mini-batch SGD on the squared loss against the
 * one-hot teacher labels, from W ~ N(0, omega1^2), V ~ N(0, omega2^2).
 * Implementations: {@link DriverStudent} (a small dense net in the driver) and the smooth2
 * family's trainer when it is part of the build; tests use fakes.
 */
@FunctionalInterface
public interface StudentTrainer {
  /** Train and test error of one trained student (fractions of rows misclassified). */
  record Result(double trainError, double testError, double finalLoss, double seconds) {}

  /**
   * Trains one student from {@code seed} and measures its errors against the labels of
   * {@code train} and {@code test}.
   */
  Result train(ClassData train, ClassData test, double omega1, double omega2, long seed)
      throws Exception;
}
