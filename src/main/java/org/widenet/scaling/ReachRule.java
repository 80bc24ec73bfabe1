package org.widenet.scaling;

import java.util.Locale;

/** When a width counts as reaching the target, over the seeds run at it. */
public enum ReachRule {
  /** Every seed reached the target (the default: the width works, not just sometimes). */
  ALL("all"),
  /** More than half of the seeds reached the target. */
  MAJORITY("majority");

  private final String cliName;

  ReachRule(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** Whether {@code reached} of {@code seeds} runs satisfy the rule. */
  public boolean holds(int reached, int seeds) {
    return this == ALL ? reached == seeds : 2 * reached > seeds;
  }

  /** Parses "all" or "majority"; the error lists both. */
  public static ReachRule parse(String name) {
    String key = name.trim().toLowerCase(Locale.ROOT);
    for (ReachRule r : values()) {
      if (r.cliName.equals(key)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown rule \"" + name + "\" (choose all or majority)");
  }
}
