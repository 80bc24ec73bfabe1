package org.widenet.experiment;

import java.util.List;

/**
 * Settings of the Arora et al. (2019) reproduction (Section 4 Figure 1, Section 5 Figure 2,
 * Appendix A).
 *
 * @param dataDir IDX directory (MNIST layout), e.g. Fashion-MNIST
 * @param classes the two classes, labelled +1 and -1
 * @param n training images (the first n of the two classes)
 * @param testN test images from the t10k files
 * @param width hidden neurons m
 * @param initScale kappa (Appendix A: 1e-2)
 * @param learningRate eta on widenet's loss 0.5 ||f - y||^2; NaN means 1 / lambda_max(H-inf)
 * @param iterations gradient-descent iterations of every run
 * @param fractions random-label fractions of the Figure 2 sweep
 * @param seed network seed; label corruption uses seed + 1
 * @param partitions neuron blocks per run
 */
public record AroraSettings(String dataDir, int[] classes, int n, int testN, long width,
    double initScale, double learningRate, int iterations, List<Double> fractions, long seed,
    int partitions) {

  public AroraSettings {
    if (n < 2 || testN < 1 || width < 2 || iterations < 1 || partitions < 1) {
      throw new IllegalArgumentException("--n >= 2, --test-n >= 1, --width >= 2, "
          + "--iterations >= 1 and --partitions >= 1 are required");
    }
    if (partitions > width) {
      throw new IllegalArgumentException("--partitions cannot exceed --width");
    }
    for (double f : fractions) {
      if (!(f >= 0 && f <= 1)) {
        throw new IllegalArgumentException("--fractions must lie in [0, 1], got " + f);
      }
    }
  }

  /** The paper's step: 1e-3 on the mean squared error (1/n) sum (f - y)^2, in widenet units. */
  public static double paperLearningRate(int n) {
    return 2e-3 / n;
  }
}
