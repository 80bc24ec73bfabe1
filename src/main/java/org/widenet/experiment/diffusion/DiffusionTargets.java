package org.widenet.experiment.diffusion;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The target distributions p0 of the diffusion experiment, fixed literals (no randomness). The
 * modes sit at distance 2.5 from the origin, so they are well separated (and the targets differ
 * clearly from the N(0, I) the reverse SDE starts from):
 * <ul>
 *   <li>{@code gmm2d}: 4 Gaussians in 2-D with weights 0.35, 0.25, 0.25, 0.15, means at radius
 *       2.5 and angles 45, 135, 225, 315 degrees, each elongated along its radius (standard
 *       deviation 0.35 radially, 0.15 across);
 *   <li>{@code gmm8d}: 3 Gaussians in 8-D with weights 0.4, 0.35, 0.25, means
 *       1.25 (1,1,1,1,0,0,0,0), 1.25 (0,0,0,0,1,1,1,1) and 1.25 (1,-1,1,-1,1,-1,1,-1)/sqrt(2)
 *       (all of norm 2.5), and diagonal covariances with standard deviations
 *       0.3 + 0.02 j, 0.4 - 0.02 j and 0.25 in coordinate j = 0..7.
 * </ul>
 */
public final class DiffusionTargets {
  /** The names {@link #named} accepts. */
  public static final List<String> NAMES = List.of("gmm2d", "gmm8d");

  private DiffusionTargets() {}

  /**
   * @param name gmm2d or gmm8d
   * @throws IllegalArgumentException for any other name
   */
  public static GaussianMixture named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "gmm2d" -> gmm2d();
      case "gmm8d" -> gmm8d();
      default -> throw new IllegalArgumentException("--target " + name + ": unknown target "
          + "(targets: " + String.join(", ", NAMES) + ")");
    };
  }

  /** The 2-D target. */
  public static GaussianMixture gmm2d() {
    double[] weights = {0.35, 0.25, 0.25, 0.15};
    List<Gaussian> parts = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      double angle = Math.PI / 4 + k * Math.PI / 2;
      double c = Math.cos(angle);
      double s = Math.sin(angle);
      double radial = 0.35 * 0.35;
      double across = 0.15 * 0.15;
      // R diag(radial, across) R^T with R the rotation by the angle.
      double xx = c * c * radial + s * s * across;
      double yy = s * s * radial + c * c * across;
      double xy = c * s * (radial - across);
      parts.add(new Gaussian(new double[] {2.5 * c, 2.5 * s},
          new double[] {xx, xy, xy, yy}));
    }
    return new GaussianMixture(weights, parts);
  }

  /** The 8-D target. */
  public static GaussianMixture gmm8d() {
    int d = 8;
    double[] weights = {0.4, 0.35, 0.25};
    double[][] means = new double[3][d];
    double[][] std = new double[3][d];
    for (int j = 0; j < d; j++) {
      means[0][j] = j < 4 ? 1.25 : 0;
      means[1][j] = j < 4 ? 0 : 1.25;
      means[2][j] = (j % 2 == 0 ? 1.25 : -1.25) / Math.sqrt(2);
      std[0][j] = 0.3 + 0.02 * j;
      std[1][j] = 0.4 - 0.02 * j;
      std[2][j] = 0.25;
    }
    List<Gaussian> parts = new ArrayList<>();
    for (int k = 0; k < 3; k++) {
      double[] cov = new double[d * d];
      for (int j = 0; j < d; j++) {
        cov[j * d + j] = std[k][j] * std[k][j];
      }
      parts.add(new Gaussian(means[k], cov));
    }
    return new GaussianMixture(weights, parts);
  }
}
