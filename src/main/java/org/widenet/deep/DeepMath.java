package org.widenet.deep;

import org.widenet.math.PackedSymmetric;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;
import org.widenet.train.BlockEngine;
import org.widenet.train.DriverGram;
import org.widenet.train.DriverMath;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainingListener;

/**
 * The driver's side of deep-last for the one driver loop ({@link org.widenet.train.Trainer}),
 * on any {@link LastLayerFamily}: outputs f from the merged {@link DeepPartial}, max_move the
 * largest row movement of W_L, steps {@link DeepStep}s g = eta v (W_L moves by -eta J^T v),
 * the exact last-layer Gram G = (U U^T) o (V^T V) from the pass's U U^T share, its products by
 * {@link DeepFamily#gramTimes}, and the pass of iteration t carrying the sketch seeded by t
 * ({@link SketchRequest}) for the sketched methods, whose Gram mode is {@link DeepGram}. Rows
 * are reported with their step ({@link #reportsWithStep}): row t describes f_t and g_t.
 *
 * <p>Keeps one packed n x n buffer for G (formed every Gauss-Newton iteration, so made once:
 * n^2 arrays made every iteration are humongous garbage that raises the heap's peak), the
 * share of the last pass, and the sketch error of the last sketched solve.
 */
public final class DeepMath implements DriverMath {
  private final DeepSpec spec;
  private final DeepInputs inputs;
  private final DeepConfig config;
  private final double[] kvPacked;
  private double[] gram;
  private Share gramOf;
  private DeepPartial last;
  private double sketchError = Double.NaN;

  /** @param inputs V and V^T V of the engine's family (kept by reference) */
  public DeepMath(DeepSpec spec, DeepInputs inputs, DeepConfig config) {
    this.spec = spec;
    this.inputs = inputs;
    this.config = config;
    this.kvPacked = PackedSymmetric.pack(inputs.rows(), inputs.kv());
  }

  /** The U U^T share comes out of the forward pass. */
  @Override
  public Pass forwardPass(boolean withGram) {
    return Pass.of(withGram);
  }

  /** With the sketch of iteration t when the method sketches and a step follows. */
  @Override
  public Pass forwardPass(boolean withGram, int t) {
    SketchRequest sketch = sketch(t);
    return sketch == null ? forwardPass(withGram) : Pass.of(withGram, null, sketch);
  }

  /**
   * The sketch the pass of iteration t builds: for the sketched methods before the last
   * iteration, seeded by {@link DeepConfig#sketchSeed()} mixed with t; else null.
   */
  SketchRequest sketch(int t) {
    return config.method().isSketch() && t < config.iterations()
        ? new SketchRequest(config.method(), config.sketchSize(),
            DeepWeights.mix(config.sketchSeed(), t), spec.width())
        : null;
  }

  @Override
  public int outputs() {
    return 1;
  }

  @Override
  public double[] outputs(Share sum) {
    last = (DeepPartial) sum;
    sketchError = Double.NaN;
    return last.f().clone();
  }

  /** max_move: max_r ||W_{L,r}(t) - W_{L,r}(0)||; fro_move and pattern_change undefined. */
  @Override
  public Movement movement(Share sum) {
    return new Movement(Math.sqrt(((DeepPartial) sum).maxMove()), Double.NaN, Double.NaN);
  }

  /** g = eta v (eta = 1 for deep-last's Gauss-Newton: the same bits as v). */
  @Override
  public Update update(Share sum, int[] sumRows, double[] v, double eta, int[] batch) {
    if (batch != null) {
      throw new IllegalArgumentException("deep-last takes full-batch steps only");
    }
    double[] g = new double[v.length];
    for (int i = 0; i < g.length; i++) {
      g[i] = eta * v[i];
    }
    return new DeepStep(g);
  }

  /** G = (U U^T) o (V^T V) into the kept buffer (valid until the next call). */
  @Override
  public double[] exactGram(BlockEngine engine, Share sum) {
    if (gram == null) {
      gram = new double[kvPacked.length];
    }
    PackedSymmetric.hadamard(((DeepPartial) sum).uu(), kvPacked, gram);
    gramOf = sum;
    return gram;
  }

  @Override
  public double[] gramTimes(BlockEngine engine, Share sum, double[] v) {
    return DeepFamily.gramTimes(engine, v);
  }

  @Override
  public DriverGram gram(TrainConfig loop, BlockEngine engine, int order,
      TrainingListener listener, double[] initialGram) {
    return DeepGram.of(this, config, loop, engine, order, listener, initialGram);
  }

  @Override
  public boolean reportsWithStep() {
    return true;
  }

  /** deep-last has no --lr: its Gauss-Newton steps are full steps. */
  @Override
  public String gaussNewtonAdvice() {
    return "raise --damping or --width (deep-last takes full Gauss-Newton steps)";
  }

  /** The exact Gram when it was formed from {@code sum}, else null. */
  double[] formedGram(Share sum) {
    return sum == gramOf ? gram : null;
  }

  /** V, for the right part of the sketches. */
  DeepInputs inputs() {
    return inputs;
  }

  /** Active (neuron, point) pairs of layer L over m n, at the last pass. */
  double activeFraction() {
    return (double) last.active() / ((double) spec.width() * inputs.rows());
  }

  /** ||G - G~||_F / ||G||_F of the last pass's sketched solve, NaN where not computed. */
  double sketchError() {
    return sketchError;
  }

  void sketchError(double error) {
    sketchError = error;
  }
}
