package org.widenet.deep;

import java.io.Serializable;

/**
 * Which sketch the row blocks build in an iteration: the method, the size s, and a seed (fresh
 * per iteration) from which every block derives the same hashes, signs and samples.
 */
public record SketchRequest(GnMethod method, int size, long seed, int width)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The sketch this request names. */
  public TensorSketching sketcher() {
    return switch (method) {
      case TENSORSKETCH -> new TensorSketch(seed, size);
      case TENSORSRHT -> new TensorSrht(seed, size, width);
      default -> throw new IllegalArgumentException(method + " is not a sketch");
    };
  }
}
