package org.widenet.model;

import java.util.Locale;
import org.widenet.math.Activation;

/**
 * Finds and reports a block's non-finite outputs (see {@link NumericalFaultException}).
 *
 * <p>The check is one pass over the block's summed outputs (and its packed Gram share) after all
 * chunks: an infinity or NaN survives every later addition, so a non-finite value in any chunk
 * shows in the sums, and the hot loops carry no extra test. Only when a sum is not finite is the
 * culprit searched for, by recomputing w_r . x_i for the faulty row, neuron by neuron.
 */
final class NumericalFaults {
  /** Where the fault happened: it decides which setting the message names. */
  enum Stage {
    INITIALIZATION, TRAINING, PREDICTION
  }

  /** exp(z) is finite exactly when z is at most this, log(Double.MAX_VALUE) = 709.78. */
  private static final double EXP_LIMIT = Math.log(Double.MAX_VALUE);

  private NumericalFaults() {}

  /**
   * Throws when an entry of {@code u} (or of the packed {@code gram}, when not null) is not
   * finite, naming the block, the neuron, the row and w_r . x_i.
   *
   * @param w the block's weights the outputs were computed at, d x mb column-major
   * @param x the inputs, rows x d column-major
   * @throws NumericalFaultException when a value is not finite
   */
  static void check(NeuronBlock block, double[] w, Activation act, double scale, double[] x,
      int rows, double[] u, double[] gram, Stage stage) {
    int row = firstNonFinite(u, u.length);
    if (row >= 0) {
      throw outputFault(block, w, act, x, rows, row, u[row], stage);
    }
    if (gram != null) {
      int p = firstNonFinite(gram, gram.length);
      if (p >= 0) {
        throw gramFault(block, w, act, scale, x, rows, gramRow(gram, p), gram[p], stage);
      }
    }
  }

  /** Index of the first entry of v[0, length) that is not finite, or -1. */
  static int firstNonFinite(double[] v, int length) {
    for (int i = 0; i < length; i++) {
      if (!Double.isFinite(v[i])) {
        return i;
      }
    }
    return -1;
  }

  private static NumericalFaultException outputFault(NeuronBlock block, double[] w,
      Activation act, double[] x, int rows, int row, double value, Stage stage) {
    double[] z = preActivations(block, w, x, rows, row);
    double[] a = block.outputWeights();
    int r = firstNonFinite(z, z.length);
    String why;
    if (r >= 0) {
      why = notFinite(stage);
    } else {
      int largest = 0;
      double largestTerm = -1.0;
      for (int j = 0; j < z.length; j++) {
        double term = Math.abs(a[j] * act.value(z[j]));
        if (!Double.isFinite(term)) {
          r = j;
          break;
        }
        if (term > largestTerm) {
          largest = j;
          largestTerm = term;
        }
      }
      if (r >= 0) {
        why = act == Activation.EXP
            ? String.format(Locale.ROOT, " and exp(%.6g) overflows a double (exp(z) is finite "
                + "only for z <= %.2f)", z[r], EXP_LIMIT)
            : " and a_r phi(w_r . x_i) overflows a double";
      } else {
        r = largest;
        why = ", the largest term of a sum over the block's neurons that overflows";
      }
    }
    return fault(block, r, row, z[r], why + ", so the block's output there is " + value, act,
        stage);
  }

  private static NumericalFaultException gramFault(NeuronBlock block, double[] w,
      Activation act, double scale, double[] x, int rows, int row, double value, Stage stage) {
    double[] z = preActivations(block, w, x, rows, row);
    double[] a = block.outputWeights();
    int r = firstNonFinite(z, z.length);
    String why;
    if (r >= 0) {
      why = notFinite(stage);
    } else {
      int largest = 0;
      double largestShare = -1.0;
      for (int j = 0; j < z.length; j++) {
        double c = scale * a[j] * act.derivative(z[j]);
        if (!Double.isFinite(c * c)) {
          r = j;
          break;
        }
        if (c * c > largestShare) {
          largest = j;
          largestShare = c * c;
        }
      }
      if (r >= 0) {
        why = act == Activation.EXP
            ? " and the Gram share (c a_r exp(w_r . x_i))^2 overflows a double"
            : " and the Gram share (c a_r phi'(w_r . x_i))^2 overflows a double";
      } else {
        r = largest;
        why = ", the largest term of a Gram sum over the block's neurons that overflows";
      }
    }
    return fault(block, r, row, z[r], why + ", so the block's Gram share there is " + value,
        act, stage);
  }

  private static String notFinite(Stage stage) {
    return switch (stage) {
      case TRAINING -> ": the step made the neuron's weights too large";
      case INITIALIZATION -> ": the neuron's weights or the inputs are too large";
      case PREDICTION -> ": the neuron's weights or these inputs are too large";
    };
  }

  private static NumericalFaultException fault(NeuronBlock block, int r, int row, double z,
      String why, Activation act, Stage stage) {
    String where = switch (stage) {
      case TRAINING -> " after a training step";
      case INITIALIZATION -> " at initialization";
      case PREDICTION -> " on the prediction inputs";
    };
    String unshifted = act == Activation.EXP ? " (exp2's output is a sum of unshifted "
        + "exponentials, so an overflow cannot be shifted away)" : "";
    String advice = switch (stage) {
      case TRAINING -> "Lower --lr" + unshifted + "; the loss had most likely been growing, "
          + "and a smaller --divergence-factor stops such a run earlier";
      case INITIALIZATION -> "Lower --init-scale or scale the inputs down" + unshifted;
      case PREDICTION -> "Scale these inputs as the training inputs were scaled" + unshifted;
    };
    return new NumericalFaultException(String.format(Locale.ROOT,
        "numerical overflow in neuron block %d, neuron %d, data row %d (counting from 0)%s: "
            + "w_r . x_i = %.6g%s. %s", block.blockId(), block.firstNeuron() + r, row, where,
        z, why, advice));
  }

  /** w_r . x_row for every neuron r of the block, by a plain loop. */
  private static double[] preActivations(NeuronBlock block, double[] w, double[] x, int rows,
      int row) {
    int d = block.inputDim();
    double[] z = new double[block.count()];
    for (int r = 0; r < z.length; r++) {
      double sum = 0.0;
      for (int k = 0; k < d; k++) {
        sum += w[r * d + k] * x[row + k * rows];
      }
      z[r] = sum;
    }
    return z;
  }

  /** The row of packed upper entry p whose diagonal is not finite (the column's otherwise). */
  private static int gramRow(double[] packed, int p) {
    int j = 0;
    while ((long) (j + 1) * (j + 2) / 2 <= p) {
      j++;
    }
    int i = p - j * (j + 1) / 2;
    int diagonalI = i * (i + 1) / 2 + i;
    return Double.isFinite(packed[diagonalI]) ? j : i;
  }
}
