package org.widenet.train;

/**
 * One row of metrics.csv. Values that were not computed this iteration are NaN and are
 * written as empty cells.
 *
 * @param iteration t: the number of updates applied so far
 * @param loss 0.5 * ||f - y||^2
 * @param elapsedMs wall-clock milliseconds since training started, at the end of iteration t
 * @param lambdaMin smallest eigenvalue of the Jacobian Gram J J^T (Gram iterations only)
 * @param lambdaMax largest eigenvalue of J J^T (Gram iterations only)
 * @param gramDrift ||H(t) - H(0)||_F with H = J J^T (Gram iterations only)
 * @param maxMove max_r ||w_r(t) - w_r(0)||_2
 * @param froMove ||W(t) - W(0)||_F
 * @param patternChange fraction of (i, r) whose ReLU activation differs from t = 0 (relu2 only)
 */
public record IterationRecord(int iteration, double loss, long elapsedMs, double lambdaMin,
    double lambdaMax, double gramDrift, double maxMove, double froMove, double patternChange) {}
