/**
 * The width-scaling study ({@code widenet scaling}): for each training-set size n,
 * initialization seed and data seed, the width m* at which training starts to reach a target
 * loss within an iteration budget, found by a grid scan and a bisection in log-width to a set
 * resolution; the diagnostics there; and the exponent of m*(n) fitted over all points on a
 * log-log scale with a bootstrap interval over seeds, next to the papers' bounds (Song et al.
 * 2021's n^1.5 for smooth activations; the quadratic bounds of Gao et al. and Song-Yang).
 * Studies are resumable ({@link org.widenet.scaling.StudyJournal}).
 */
package org.widenet.scaling;
