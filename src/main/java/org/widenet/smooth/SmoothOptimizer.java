package org.widenet.smooth;

import java.util.Locale;

/** How smooth2 steps: full-batch gradient descent or mini-batch SGD over seeded shuffles. */
public enum SmoothOptimizer {
  GD("gd"), SGD("sgd");

  private final String cliName;

  SmoothOptimizer(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  public static SmoothOptimizer parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (SmoothOptimizer o : values()) {
      if (o.cliName.equals(key)) {
        return o;
      }
    }
    throw new IllegalArgumentException("--optimizer for smooth2 must be gd or sgd, got \""
        + name + "\"");
  }
}
