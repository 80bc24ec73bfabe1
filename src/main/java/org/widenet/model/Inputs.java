package org.widenet.model;

/**
 * The data every block reads, broadcast once per engine: the training inputs X for the
 * two-layer families ({@link DenseInputs}); for deep-last the last hidden layer's outputs on
 * the training points, computed once by the frozen layers. Plain classes (not records) so
 * that Kryo can broadcast them.
 */
public interface Inputs extends java.io.Serializable {
  /** The number of rows (training points) the inputs describe. */
  int rows();
}
