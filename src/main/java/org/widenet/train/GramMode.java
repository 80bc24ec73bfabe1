package org.widenet.train;

import java.util.Locale;

/** How the driver reaches the Jacobian Gram H = J J^T. */
public enum GramMode {
  /**
   * The blocks return packed n x n shares; the driver forms H, takes its spectrum with dsyevd
   * and solves Gauss-Newton systems by Cholesky. Memory O(n^2) on the driver and executors.
   */
  EXACT("exact"),
  /**
   * No n x n array anywhere: the driver only multiplies by H, one pass over the blocks per
   * product ({@link BlockEngine#gramTimes}); Gauss-Newton solves by conjugate gradients, the
   * spectrum's extremes come from Lanczos. Memory O(n) per vector.
   */
  MATRIX_FREE("matrix-free");

  private final String cliName;

  GramMode(String cliName) {
    this.cliName = cliName;
  }

  /** The name on the command line and in reports ("exact", "matrix-free"). */
  public String cliName() {
    return cliName;
  }

  /** Parses a CLI name; the error lists the choices. */
  public static GramMode parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (GramMode mode : values()) {
      if (mode.cliName.equals(key)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown Gram mode \"" + name
        + "\" (choose exact or matrix-free)");
  }
}
