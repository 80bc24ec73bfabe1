package org.widenet.model;

/**
 * The shape and initialization of a two-layer network: everything needed to rebuild any
 * neuron's initial weights without storing them.
 *
 * @param family the model family
 * @param width m, the number of hidden neurons
 * @param initScale kappa (relu2) or sigma (exp2): the standard deviation of each entry of w_r(0)
 * @param seed the seed that, with the neuron index, fixes every initial weight
 * @param symmetricInit Gao et al. Definition 4.3: neurons come in pairs (2k, 2k+1) with equal
 *     w and opposite a, so the network outputs exactly 0 at initialization
 */
public record NetworkSpec(
    ModelFamily family, long width, double initScale, long seed, boolean symmetricInit)
    implements java.io.Serializable {

  public NetworkSpec {
    if (family == null) {
      throw new IllegalArgumentException("model family is required");
    }
    if (width < 1) {
      throw new IllegalArgumentException("--width must be at least 1, got " + width);
    }
    if (symmetricInit && width % 2 != 0) {
      throw new IllegalArgumentException(
          "--symmetric-init pairs neurons, so --width must be even, got " + width);
    }
    if (!(initScale > 0) || Double.isInfinite(initScale)) {
      throw new IllegalArgumentException("--init-scale must be a positive number, got " + initScale);
    }
  }

  /** The output scale c of this network. */
  public double outputScale() {
    return family.outputScale(width);
  }
}
