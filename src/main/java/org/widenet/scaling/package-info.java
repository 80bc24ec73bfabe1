/**
 * The width-scaling study ({@code widenet scaling}): for each training-set size n, the
 * smallest width on a grid at which training reaches a target loss within an iteration budget
 * (over several seeds), the diagnostics at that width, and the exponent of m*(n) fitted on a
 * log-log scale with its confidence interval, next to the papers' bounds (Song et al. 2021's
 * n^1.5 for smooth activations; the quadratic bounds of Gao et al. and Song-Yang).
 */
package org.widenet.scaling;
