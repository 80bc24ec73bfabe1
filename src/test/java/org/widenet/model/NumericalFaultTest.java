package org.widenet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A block whose outputs overflow names itself, the neuron, the data row and w_r . x_i, and the
 * setting to change. Block 1 holds neurons 4 and 5 of an exp2 network; the inputs are
 * x_i = (0, 0.1 (i + 1)) except row 3, x_3 = (8, 0), so w_5 = (100, 0) gives w_5 . x_3 = 800.
 */
class NumericalFaultTest {
  private static final NetworkSpec EXP2 = new NetworkSpec(ModelFamily.EXP2, 10, 1.0, 1, false);
  private static final int N = 5;
  private static final double[] X = inputs();

  private static double[] inputs() {
    double[] x = new double[N * 2];
    for (int i = 0; i < N; i++) {
      x[i] = i == 3 ? 8 : 0;
      x[i + N] = i == 3 ? 0 : 0.1 * (i + 1);
    }
    return x;
  }

  /** Block 1: neuron 4 is w = (0, 1) with a = +1, neuron 5 is w = (w5, 0) with a = a5. */
  private static NeuronBlock block(int steps, double w5, double a5) {
    return NeuronBlock.restore(1, 4, 2, steps, new double[] {0, 1, w5, 0},
        new double[] {1, a5});
  }

  private static String fault(NeuronBlock block, Step step, boolean withGram) {
    return assertThrows(NumericalFaultException.class,
        () -> BlockStepper.advance(block, EXP2, X, N, step, withGram)).getMessage();
  }

  @Test
  void anOverflowingExponentialAtInitializationNamesBlockNeuronRowAndInitScale() {
    assertEquals("numerical overflow in neuron block 1, neuron 5, data row 3 (counting from 0) "
        + "at initialization: w_r . x_i = 800.000 and exp(800.000) overflows a double "
        + "(exp(z) is finite only for z <= 709.78), so the block's output there is -Infinity. "
        + "Lower --init-scale or scale the inputs down (exp2's output is a sum of unshifted "
        + "exponentials, so an overflow cannot be shifted away)",
        fault(block(0, 100, -1), null, false));
  }

  @Test
  void afterTrainingStepsTheMessageNamesTheStepSizeAndDivergenceFactor() {
    String m = fault(block(7, 100, -1), null, false);
    assertTrue(m.startsWith("numerical overflow in neuron block 1, neuron 5, data row 3 "
        + "(counting from 0) after a training step: w_r . x_i = 800.000"), m);
    assertTrue(m.contains("Lower --lr") && m.contains("--divergence-factor"), m);
  }

  @Test
  void anOverflowWithinOneStepIsCaughtInThatStep() {
    // s = e_3 and a_5 = -1: the step adds coef exp(w_5 . x_3) x_3 = (8 e^8, 0) to w_5 = (1, 0),
    // so w_5 . x_3 grows from 8 to about 1.9e5.
    double[] s = new double[N];
    s[3] = 1;
    String m = fault(block(2, 1, -1), new Step(s, 1.0), false);
    assertTrue(m.startsWith("numerical overflow in neuron block 1, neuron 5, data row 3 "
        + "(counting from 0) after a training step: w_r . x_i = 190789 and exp(190789)"), m);
    assertTrue(m.contains("overflows a double") && m.contains("--lr"), m);

    // A step so large that the weights themselves overflow: Inf * 0 makes row 0 NaN first.
    String inf = fault(block(2, 1, -1), new Step(s, 1e306), false);
    assertTrue(inf.startsWith("numerical overflow in neuron block 1, neuron 5, data row 0 "
        + "(counting from 0) after a training step: w_r . x_i = NaN: the step made the "
        + "neuron's weights too large, so the block's output there is NaN."), inf);
  }

  @Test
  void aSumOfFiniteExponentialsThatOverflowsNamesTheLargestTerm() {
    // exp(709.5) = 1.4e308 is finite, twice it is not.
    NeuronBlock block = NeuronBlock.restore(1, 4, 2, 3, new double[] {88.6875, 0, 88.6875, 0},
        new double[] {1, 1});
    String m = fault(block, null, false);
    assertTrue(m.startsWith("numerical overflow in neuron block 1, neuron 4, data row 3 "
        + "(counting from 0) after a training step: w_r . x_i = 709.500, the largest term of "
        + "a sum over the block's neurons that overflows, so the block's output there is "
        + "Infinity."), m);
  }

  @Test
  void aGramShareThatOverflowsIsReportedThoughTheOutputsAreFinite() {
    // exp(400) = 5e173 is finite; its square in C C^T is not.
    NeuronBlock block = block(1, 50, -1);
    BlockStepper.advance(block, EXP2, X, N, null, false);
    String m = fault(block, null, true);
    assertTrue(m.startsWith("numerical overflow in neuron block 1, neuron 5, data row 3 "
        + "(counting from 0) after a training step: w_r . x_i = 400.000 and the Gram share "
        + "(c a_r exp(w_r . x_i))^2 overflows a double, so the block's Gram share there is "
        + "Infinity."), m);
  }

  @Test
  void predictionsOnInputsThatOverflowNameTheRowOfThoseInputs() {
    NumericalFaultException e = assertThrows(NumericalFaultException.class,
        () -> BlockStepper.outputsOn(block(4, 100, 1), EXP2, X, N));
    assertTrue(e.getMessage().startsWith("numerical overflow in neuron block 1, neuron 5, data "
        + "row 3 (counting from 0) on the prediction inputs: w_r . x_i = 800.000"),
        e.getMessage());
    assertTrue(e.getMessage().contains("Scale these inputs"), e.getMessage());
  }

  @Test
  void finiteOutputsPassUnchanged() {
    double[] u = BlockStepper.advance(block(0, 1, -1), EXP2, X, N, null, true).partial().u();
    assertEquals(1 - Math.exp(8), u[3], 1e-12 * Math.exp(8));
    assertEquals(Math.exp(0.1) - 1, u[0], 1e-15);
  }
}
