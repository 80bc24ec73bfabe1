package org.widenet.model;

import java.util.Locale;
import org.widenet.math.Activation;

/**
 * The two-layer model families widenet trains. Each fixes the activation and the output
 * scale c of {@code f(x) = c * sum_r a_r phi(w_r . x)}; only W is trained, a is fixed.
 */
public enum ModelFamily {
  /**
   * Arora, Du, Hu, Li, Wang (2019), Section 3.1: ReLU, output scale 1/sqrt(m),
   * w_r ~ N(0, kappa^2 I), a_r uniform in {-1, +1}.
   */
  RELU2("relu2", Activation.RELU) {
    @Override
    public double outputScale(long width) {
      return 1.0 / Math.sqrt(width);
    }
  },
  /**
   * Gao, Mahadevan, Song, Sections 4-5: exp activation, no output scaling,
   * w_r ~ N(0, sigma^2 I). Its Jacobian Gram J J^T is m times the paper's H(t).
   */
  EXP2("exp2", Activation.EXP) {
    @Override
    public double outputScale(long width) {
      return 1.0;
    }
  };

  private final String cliName;
  private final Activation activation;

  ModelFamily(String cliName, Activation activation) {
    this.cliName = cliName;
    this.activation = activation;
  }

  /** The output scale c for a network of the given width. */
  public abstract double outputScale(long width);

  public Activation activation() {
    return activation;
  }

  /** The name used on the command line and in saved metadata ("relu2", "exp2"). */
  public String cliName() {
    return cliName;
  }

  /** Parses a CLI name; the error lists the valid choices. */
  public static ModelFamily parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (ModelFamily family : values()) {
      if (family.cliName.equals(key)) {
        return family;
      }
    }
    throw new IllegalArgumentException("unknown model \"" + name
        + "\" (choose relu2, exp2, softmax2, smooth2 or deep-last)");
  }
}
