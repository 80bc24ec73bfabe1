package org.widenet.ml;

/**
 * How a classifier's labels map to the +-1 targets it is trained on with squared loss (Arora
 * et al. 2019): Spark's 0/1 labels become -1/+1, and predictions map back.
 */
public enum LabelEncoding {
  /** Regression: targets are used as they are. */
  IDENTITY,
  /** Labels 0 and 1 (Spark's convention): 0 -> -1, 1 -> +1. */
  ZERO_ONE,
  /** Labels -1 and +1, used as they are. */
  PLUS_MINUS_ONE;

  /** The training target for a label, or IllegalArgumentException naming the row and column. */
  double target(double label, long row, String column) {
    switch (this) {
      case ZERO_ONE:
        if (label == 0.0 || label == 1.0) {
          return label == 1.0 ? 1.0 : -1.0;
        }
        break;
      case PLUS_MINUS_ONE:
        if (label == 1.0 || label == -1.0) {
          return label;
        }
        break;
      default:
        return label;
    }
    throw new IllegalArgumentException("row " + row + ", column \"" + column + "\": label "
        + label + " is not a binary label (use 0/1 or -1/+1; for k classes labelled 0..k-1 "
        + "set model softmax2, or wrap the classifier in OneVsRest)");
  }

  /** The predicted label for a network output. */
  double label(double output) {
    switch (this) {
      case ZERO_ONE:
        return output > 0 ? 1.0 : 0.0;
      case PLUS_MINUS_ONE:
        return output > 0 ? 1.0 : -1.0;
      default:
        return output;
    }
  }
}
