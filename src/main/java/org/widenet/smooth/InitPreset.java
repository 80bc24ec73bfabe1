package org.widenet.smooth;

import java.util.Locale;

/**
 * The initialization family of Song et al. eq. (17): W ~ N(0, omega1^2), V ~ N(0, omega2^2).
 * LeCun sets omega1 = 1/sqrt(d0), omega2 = 1/sqrt(d1); He sets omega1 = sqrt(2/d0),
 * omega2 = sqrt(2/d1). Both keep omega1 * omega2 = c / sqrt(d0 d1) (c = 1 for LeCun, 2 for He),
 * the product condition (19). A ratio R = omega2 / omega1 moves along that curve as Section 6
 * does: omega1 = sqrt(p / R), omega2 = sqrt(p R) with p = c / sqrt(d0 d1).
 */
public enum InitPreset {
  LECUN("lecun", 1.0), HE("he", 2.0);

  private final String cliName;
  private final double c;

  InitPreset(String cliName, double c) {
    this.cliName = cliName;
    this.c = c;
  }

  public String cliName() {
    return cliName;
  }

  /** The constant c of omega1 * omega2 = c / sqrt(d0 d1). */
  public double productConstant() {
    return c;
  }

  public static InitPreset parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (InitPreset p : values()) {
      if (p.cliName.equals(key)) {
        return p;
      }
    }
    throw new IllegalArgumentException("--init must be he or lecun, got \"" + name + "\"");
  }

  /**
   * {omega1, omega2} for input dimension d0 and width d1.
   *
   * @param ratio omega2 / omega1, or NaN for the preset's own (sqrt(d0 / d1))
   */
  public double[] omegas(int d0, long d1, double ratio) {
    if (Double.isNaN(ratio)) {
      return new double[] {Math.sqrt(c / d0), Math.sqrt(c / d1)};
    }
    if (!(ratio > 0) || Double.isInfinite(ratio)) {
      throw new IllegalArgumentException("--omega-ratio must be a positive number, got " + ratio);
    }
    double product = c / Math.sqrt((double) d0 * d1);
    return new double[] {Math.sqrt(product / ratio), Math.sqrt(product * ratio)};
  }
}
