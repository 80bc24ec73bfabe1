package org.widenet.smooth;

/**
 * One logged row of a smooth2 run (a metrics.csv row): every iteration for gd, every epoch
 * for sgd. Values not computed this row are NaN.
 *
 * @param iteration updates applied so far (SGD: mini-batch steps)
 * @param epoch epochs completed (gd: NaN)
 * @param loss 0.5 ||F - Y||_F^2 on the whole training set (widenet's convention)
 * @param elapsedMs wall-clock milliseconds since training started
 * @param lambdaMin smallest eigenvalue of J J^T = J_W J_W^T + J_V J_V^T (nk x nk)
 * @param lambdaMax its largest eigenvalue
 * @param gramDrift ||H(t) - H(0)||_F
 * @param maxMove max_r ||(w_r, v_r) - (w_r(0), v_r(0))||_2
 * @param froMove ||Theta - Theta(0)||_F over both layers
 * @param froMoveW ||W - W(0)||_F
 * @param froMoveV ||V - V(0)||_F
 * @param lazyDistance ||F - F_lin||_F: the distance between the network's and the linearized
 *     model's outputs on the training set (NaN when lazy tracking is off)
 */
public record SmoothRecord(int iteration, double epoch, double loss, long elapsedMs,
    double lambdaMin, double lambdaMax, double gramDrift, double maxMove, double froMove,
    double froMoveW, double froMoveV, double lazyDistance) {}
