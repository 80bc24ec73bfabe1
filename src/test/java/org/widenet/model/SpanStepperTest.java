package org.widenet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The span form steps A with W = W(0) - X^T A: the same outputs, Gram shares, movement and
 * pattern changes as the weights form up to rounding, and the same bits as itself when a
 * block is read back without its Z(0) and masks.
 */
class SpanStepperTest {
  private static final int N = 29;
  private static final int D = 40;
  /** Several chunks of the block's 600 neurons, the last one partial. */
  private static final NetworkSpec SPEC = new NetworkSpec(ModelFamily.RELU2, 600, 1.0, 5, false);

  @Test
  void spanStepsAreTheWeightStepsUpToRounding() {
    SplittableRandom random = new SplittableRandom(3);
    double[] x = inputs(random);
    NeuronBlock weights = BlockStepper.advance(initial(), SPEC, x, N, null, false);
    NeuronBlock span = weights;
    for (int t = 1; t <= 5; t++) {
      double[] s = gaussians(random, N);
      boolean gram = t % 2 == 1;
      weights = BlockStepper.advance(weights, SPEC, x, N, new Step(s, 0.3), gram);
      span = BlockStepper.advance(span, SPEC, x, N, new Step(s, 0.3, true), gram);
      assertTrue(span.inSpanForm());
      assertFalse(weights.inSpanForm());
      BlockPartial w = weights.partial();
      BlockPartial p = span.partial();
      assertClose(w.u(), p.u(), 1e-11, "outputs after step " + t);
      if (gram) {
        assertClose(w.gram(), p.gram(), 1e-11, "Gram share after step " + t);
      } else {
        assertNull(p.gram());
      }
      assertEquals(w.patternChanges(), p.patternChanges(), "pattern changes after step " + t);
      assertEquals(w.maxMove(), p.maxMove(), 1e-9 * w.maxMove(), "max move after step " + t);
      assertEquals(w.sumSquaredMove(), p.sumSquaredMove(), 1e-9 * w.sumSquaredMove());
      assertEquals(t, span.stepsApplied());
      assertClose(weights.weights(), SpanStepper.settle(span, SPEC, x, N).weights(), 1e-12,
          "weights after step " + t);
    }
  }

  @Test
  void aBlockReadBackStepsToTheSameBits() throws IOException {
    SplittableRandom random = new SplittableRandom(4);
    double[] x = inputs(random);
    NeuronBlock kept = BlockStepper.advance(initial(), SPEC, x, N, null, false);
    for (int t = 1; t <= 4; t++) {
      double[] s = gaussians(random, N);
      // Read back from a block file: W(0) and A only, no Z(0), mask or pattern.
      NeuronBlock restored = t == 1 ? kept : roundTrip(kept);
      NeuronBlock trimmed = kept.forServing();
      Step step = new Step(s, 0.2, true);
      NeuronBlock next = BlockStepper.advance(kept, SPEC, x, N, step, true);
      NeuronBlock fromFile = BlockStepper.advance(restored, SPEC, x, N, step, true);
      NeuronBlock fromTrimmed = BlockStepper.advance(trimmed, SPEC, x, N, step, true);
      for (NeuronBlock other : new NeuronBlock[] {fromFile, fromTrimmed}) {
        assertArrayEquals(next.span(), other.span(), 0.0, "A after step " + t);
        assertArrayEquals(next.partial().u(), other.partial().u(), 0.0, "outputs, step " + t);
        assertArrayEquals(next.partial().gram(), other.partial().gram(), 0.0);
        assertEquals(next.partial().sumSquaredMove(), other.partial().sumSquaredMove(), 0.0);
        assertEquals(next.partial().patternChanges(), other.partial().patternChanges());
      }
      kept = next;
    }
    assertArrayEquals(SpanStepper.settle(kept, SPEC, x, N).weights(),
        SpanStepper.settle(roundTrip(kept), SPEC, x, N).weights(), 0.0);
  }

  @Test
  void aBlockThatHasSteppedKeepsItsForm() {
    SplittableRandom random = new SplittableRandom(5);
    double[] x = inputs(random);
    NeuronBlock weights = BlockStepper.advance(initial(), SPEC, x, N,
        new Step(gaussians(random, N), 0.1), false);
    NeuronBlock still = BlockStepper.advance(weights, SPEC, x, N,
        new Step(gaussians(random, N), 0.1, true), false);
    assertFalse(still.inSpanForm(), "a span step on stepped weights keeps the weights form");
    NeuronBlock span = BlockStepper.advance(initial(), SPEC, x, N,
        new Step(gaussians(random, N), 0.1, true), false);
    NeuronBlock stays = BlockStepper.advance(span, SPEC, x, N,
        new Step(gaussians(random, N), 0.1), false);
    assertTrue(stays.inSpanForm(), "a weights step on a span block keeps the span form");
    NetworkSpec exp = new NetworkSpec(ModelFamily.EXP2, 600, 0.2, 5, false);
    NeuronBlock expBlock = BlockStepper.advance(NeuronBlock.initial(exp, BlockLayout.of(exp, 1),
        0, D), exp, x, N, new Step(gaussians(random, N), 0.01, true), false);
    assertFalse(expBlock.inSpanForm(), "exp2 has no span form");
  }

  @Test
  void spanBlocksRefuseToHandOutTheirInitialWeightsAsWeights() throws IOException {
    SplittableRandom random = new SplittableRandom(6);
    double[] x = inputs(random);
    NeuronBlock span = BlockStepper.advance(initial(), SPEC, x, N,
        new Step(gaussians(random, N), 0.1, true), false);
    IllegalStateException e = assertThrows(IllegalStateException.class, span::weights);
    assertTrue(e.getMessage().contains("span form"), e.getMessage());
    NeuronBlock formed = SpanStepper.settle(span, SPEC, x, N);
    assertFalse(formed.inSpanForm());
    assertSame(formed, SpanStepper.settle(formed, SPEC, x, N));
    assertSame(span.partial(), formed.partial());
    assertEquals(span.stepsApplied(), formed.stepsApplied());
    // The formed weights give the outputs the span form computed.
    double[] u = BlockStepper.outputsOn(formed, SPEC, x, N);
    assertClose(span.partial().u(), u, 1e-11, "outputs at the formed weights");
  }

  @Test
  void outputsOnOtherRowsAreThoseOfTheFormedWeights() {
    SplittableRandom random = new SplittableRandom(7);
    double[] x = inputs(random);
    NeuronBlock span = BlockStepper.advance(initial(), SPEC, x, N, null, false);
    for (int t = 0; t < 3; t++) {
      span = BlockStepper.advance(span, SPEC, x, N, new Step(gaussians(random, N), 0.3, true),
          false);
    }
    int rows = 11;
    double[] other = gaussians(random, rows * D);
    double[] expected = BlockStepper.outputsOn(SpanStepper.settle(span, SPEC, x, N), SPEC, other,
        rows);
    assertClose(expected, SpanStepper.outputsOn(span, SPEC, x, N, other, rows), 1e-11,
        "outputs on other rows");
    NeuronBlock weights = SpanStepper.settle(span, SPEC, x, N);
    assertArrayEquals(BlockStepper.outputsOn(weights, SPEC, other, rows),
        SpanStepper.outputsOn(weights, SPEC, x, N, other, rows), 0.0, "weights form as it is");
  }

  /**
   * Scoring the same other rows again reuses X' W(0): the same bits as a block without the kept
   * scores (forServing drops them), also after a step changed A; rows refilled in the same array
   * are scored afresh, and more rows than the training rows are not kept.
   */
  @Test
  void otherRowsScoredAgainGiveTheSameBitsFromTheKeptInitialOutputs() {
    SplittableRandom random = new SplittableRandom(8);
    double[] x = inputs(random);
    NeuronBlock span = BlockStepper.advance(initial(), SPEC, x, N, null, false);
    span = BlockStepper.advance(span, SPEC, x, N, new Step(gaussians(random, N), 0.3, true),
        false);
    int rows = 11;
    double[] other = gaussians(random, rows * D);
    assertNull(span.otherOutputs().lookup(other, rows, D), "nothing kept before scoring");
    double[] first = SpanStepper.outputsOn(span, SPEC, x, N, other, rows);
    assertArrayEquals(SpanStepper.outputsOn(span.forServing(), SPEC, x, N, other, rows), first,
        0.0, "the first scoring, which fills the holder");
    assertNull(span.forServing().otherOutputs(), "serving blocks keep no scores");
    assertTrue(span.otherOutputs().lookup(other, rows, D) != null, "X' W(0) kept");
    assertArrayEquals(first, SpanStepper.outputsOn(span, SPEC, x, N, other, rows), 0.0,
        "scored again from the kept X' W(0)");
    NeuronBlock next = BlockStepper.advance(span, SPEC, x, N,
        new Step(gaussians(random, N), 0.3, true), false);
    assertSame(span.otherOutputs(), next.otherOutputs(), "the holder rides along");
    assertArrayEquals(SpanStepper.outputsOn(next.forServing(), SPEC, x, N, other, rows),
        SpanStepper.outputsOn(next, SPEC, x, N, other, rows), 0.0, "after a step");
    double[] refilled = gaussians(random, rows * D);
    System.arraycopy(refilled, 0, other, 0, other.length);
    assertArrayEquals(SpanStepper.outputsOn(next.forServing(), SPEC, x, N, other, rows),
        SpanStepper.outputsOn(next, SPEC, x, N, other, rows), 0.0, "refilled rows");
    int many = N + 1;
    double[] more = gaussians(random, many * D);
    SpanStepper.outputsOn(next, SPEC, x, N, more, many);
    assertNull(next.otherOutputs().lookup(more, many, D), "more rows than n are not kept");
    assertTrue(next.otherOutputs().lookup(other, rows, D) != null, "the earlier rows stay");
    // A second block of the network scoring the same rows shares the first one's copy of them.
    NeuronBlock second = BlockStepper.advance(NeuronBlock.initial(SPEC, BlockLayout.of(SPEC, 2),
        1, D), SPEC, x, N, null, false);
    second = BlockStepper.advance(second, SPEC, x, N, new Step(gaussians(random, N), 0.3, true),
        false);
    SpanStepper.outputsOn(second, SPEC, x, N, other.clone(), rows);
    assertSame(next.otherOutputs().rows(), second.otherOutputs().rows(), "one copy of the rows");
  }

  /**
   * Block files of the first span-form build also held W(0) (int -d, int n, a, W(0), A): they
   * read back to the block that wrote them, which steps on to the same bits.
   */
  @Test
  void aBlockFileThatHoldsW0StillReads() throws IOException {
    SplittableRandom random = new SplittableRandom(8);
    double[] x = inputs(random);
    NeuronBlock span = BlockStepper.advance(initial(), SPEC, x, N,
        new Step(gaussians(random, N), 0.2, true), false);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(-D);
    out.writeInt(N);
    RawDoubles.write(span.outputWeights(), out);
    RawDoubles.write(initial().weights(), out);
    RawDoubles.write(span.span(), out);
    NeuronBlock read = (NeuronBlock) SPEC.readBlock(new DataInputStream(
        new ByteArrayInputStream(bytes.toByteArray())), 0, 0, span.count(), 1);
    assertArrayEquals(span.span(), read.span(), 0.0);
    Step step = new Step(gaussians(random, N), 0.2, true);
    assertArrayEquals(BlockStepper.advance(span, SPEC, x, N, step, false).partial().u(),
        BlockStepper.advance(read, SPEC, x, N, step, false).partial().u(), 0.0);
    // The current format holds A alone: 4 + 4 + 8 count + 8 n count bytes.
    assertEquals(8 + 8L * span.count() * (1 + N), roundTripBytes(span));
  }

  private static long roundTripBytes(NeuronBlock b) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SPEC.writeBlock(b, new DataOutputStream(bytes));
    return bytes.size();
  }

  private static NeuronBlock roundTrip(NeuronBlock b) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SPEC.writeBlock(b, new DataOutputStream(bytes));
    NeuronBlock read = (NeuronBlock) SPEC.readBlock(new DataInputStream(
        new ByteArrayInputStream(bytes.toByteArray())), b.blockId(), b.firstNeuron(), b.count(),
        b.stepsApplied());
    assertEquals(b.inSpanForm(), read.inSpanForm());
    assertNull(read.initialOutputs());
    assertNull(read.activeMask());
    return read;
  }

  private static NeuronBlock initial() {
    return NeuronBlock.initial(SPEC, BlockLayout.of(SPEC, 1), 0, D);
  }

  private static double[] inputs(SplittableRandom random) {
    return gaussians(random, N * D);
  }

  private static double[] gaussians(SplittableRandom random, int count) {
    double[] v = new double[count];
    for (int i = 0; i < count; i++) {
      v[i] = random.nextGaussian() / Math.sqrt(D);
    }
    return v;
  }

  /** Entry by entry within tol times the largest magnitude of {@code expected}. */
  static void assertClose(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what);
    double scale = 0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], actual[i], tol * scale, what + " at " + i);
    }
  }
}
