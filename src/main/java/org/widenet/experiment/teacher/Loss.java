package org.widenet.experiment.teacher;

/** The training losses of {@link TwoLayerNet}. */
public enum Loss {
  /**
   * Softmax cross-entropy against the class label, averaged over the batch (the teacher's
   * loss in Song et al. 2021, Appendix G).
   */
  CROSS_ENTROPY,
  /**
   * Mean squared error against the one-hot label, averaged over the batch's B * k entries, as
   * PyTorch's MSELoss (the students' loss in Appendix G; eq. (16) up to that 1 / (B k)).
   */
  SQUARED
}
