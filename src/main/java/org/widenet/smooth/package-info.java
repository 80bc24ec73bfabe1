/**
 * smooth2: two-layer networks Z = V phi(W X) with smooth activations and BOTH layers trained
 * (Song, Ramezani-Kebrya, Pethick, Eftekhari, Cevher, "Subquadratic overparameterization for
 * shallow neural networks", Sections 5 and 6, Appendices F and G): activations with exact
 * derivatives, the initialization family of eq. (17), the family contract over neuron blocks
 * (neuron r owns w_r and v_r; {@link org.widenet.smooth.SmoothSpec} is the
 * {@link org.widenet.model.Family} the local and Spark engines run), gd and mini-batch sgd, the
 * two-layer Jacobian Gram with Lemma 3's quantities, and the linearized model of lazy training.
 * Entry point: {@link org.widenet.smooth.SmoothRegression}.
 */
package org.widenet.smooth;
