package org.widenet.deep;

import java.util.Locale;

/** The deep-last activation (option --activation); see {@link DeepSpec}. */
public enum DeepActivation {
  /** sqrt(c) max(x - tau, 0): the paper's shifted ReLU (Sec 2.2), scaled. */
  SHIFTED,
  /** sqrt(c_b) x 1[x > tau]: the paper's Def F.3 / Lemma G.6 hard threshold. */
  THRESHOLD;

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DeepActivation parse(String s) {
    for (DeepActivation a : values()) {
      if (a.cliName().equals(s.trim().toLowerCase(Locale.ROOT))) {
        return a;
      }
    }
    throw new IllegalArgumentException("--activation must be shifted or threshold, got \""
        + s + "\"");
  }
}
