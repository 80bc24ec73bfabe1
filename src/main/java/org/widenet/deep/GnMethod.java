package org.widenet.deep;

import java.util.Locale;

/** How the Gauss-Newton system G g = f - y is solved (option --gn). */
public enum GnMethod {
  /** The exact Gram (U U^T) o (V V^T), Cholesky. */
  EXACT,
  /** TensorSRHT sketch of the Jacobian rows, G ~ J~ J~^T, Cholesky. */
  TENSORSRHT,
  /** TensorSketch (CountSketch + FFT) of the Jacobian rows, G ~ J~ J~^T, Cholesky. */
  TENSORSKETCH,
  /** Matrix-free conjugate gradients on products with G. */
  CG;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isSketch() {
    return this == TENSORSRHT || this == TENSORSKETCH;
  }

  public static GnMethod parse(String s) {
    for (GnMethod g : values()) {
      if (g.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return g;
      }
    }
    throw new IllegalArgumentException("--gn must be exact, tensorsrht, tensorsketch or cg, "
        + "got \"" + s + "\"");
  }
}
