package org.widenet.train;

import java.util.Locale;

/** The update rules the driver loop knows. */
public enum OptimizerKind {
  /** Gradient descent: W <- W - eta * grad L, with s = f - y. */
  GD("gd"),
  /**
   * Gauss-Newton (Song, Zhang, Zhang, Section 3.1, for two-layer nets):
   * s = (J J^T + mu I)^{-1} (f - y), W <- W - eta_gn * J^T s.
   */
  GN("gn");

  private final String cliName;

  OptimizerKind(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static OptimizerKind parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (OptimizerKind kind : values()) {
      if (kind.cliName.equals(key)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown optimizer \"" + name + "\" (choose gd or gn)");
  }
}
