package org.widenet.experiment.diffusion;

/**
 * A fitted denoiser and its training curve.
 *
 * @param denoiser the fitted model
 * @param trainingLoss the loss 0.5 ||F - Y||_F^2 on the normalized training set, one entry per
 *     iteration 0..T (entry 0 before the first step)
 */
public record TrainedDenoiser(Denoiser denoiser, double[] trainingLoss) {}
