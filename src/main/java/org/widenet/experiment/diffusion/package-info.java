/**
 * Score estimation for diffusion models with a two-layer softmax network (Gu et al., "Exploring
 * the Frontiers of Softmax", Section 6 and Appendix G): the forward process of eq. (3) with a
 * linear (VP) noise schedule, Gaussian-mixture targets whose diffused score is known in closed
 * form, the denoiser E[x(0) | t, x(t)] learned by regression and turned into a score by Tweedie's
 * formula, the lambda(t)-weighted score-matching error of eq. (5), reverse-SDE sampling (eq. (4),
 * Euler-Maruyama) and the energy distance of the samples to the target.
 */
package org.widenet.experiment.diffusion;
