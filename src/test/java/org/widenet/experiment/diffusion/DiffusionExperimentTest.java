package org.widenet.experiment.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.widenet.softmax.SoftmaxSettings;
import org.widenet.train.OptimizerKind;

class DiffusionExperimentTest {
  private static DiffusionSettings small(String target) {
    return new DiffusionSettings(target, 300, 400, NoiseSchedule.DEFAULT, 0.01, 300, 100, 5);
  }

  @Test
  void kernelDenoiserSamplesBeatNoiseAndTheScoreBeatsTheZeroDenoiser() {
    // The stand-in on the 2-D target (h = 0.1 is too local for 300 points in 9 input
    // dimensions).
    for (String target : java.util.List.of("gmm2d")) {
      DiffusionExperiment.Results r = DiffusionExperiment.run(small(target),
          new KernelGdTrainer(0.1, 100), null);
      assertTrue(r.energyLearned() < 0.7 * r.energyNoise(), target + ": learned "
          + r.energyLearned() + " vs noise " + r.energyNoise());
      assertTrue(r.energyExact() < r.energyLearned(), target + ": exact " + r.energyExact());
      assertTrue(r.scoreErrorLearned() < 0.5 * r.scoreErrorZero(), target + ": score error "
          + r.scoreErrorLearned() + " vs zero denoiser " + r.scoreErrorZero());
      double[] loss = r.trainingLoss();
      assertEquals(101, loss.length);
      assertTrue(loss[100] < loss[0], "training loss did not decrease");
    }
  }

  @Test
  void softmaxDenoiserSamplesBeatNoise() {
    SoftmaxSettings net = SoftmaxSettings.defaults().withWidth(400).withSigma(3)
        .withIterations(5).withOptimizer(OptimizerKind.GN, 0);
    DiffusionExperiment.Results r = DiffusionExperiment.run(small("gmm2d"),
        new SoftmaxDenoiserTrainer(net, 1e-3), null);
    assertTrue(r.energyLearned() < 0.7 * r.energyNoise(), "learned " + r.energyLearned()
        + " vs noise " + r.energyNoise());
    assertTrue(r.scoreErrorLearned() < 0.2 * r.scoreErrorZero(), "score error "
        + r.scoreErrorLearned() + " vs zero denoiser " + r.scoreErrorZero());
    double[] loss = r.trainingLoss();
    assertEquals(6, loss.length);
    assertTrue(loss[5] < 0.7 * loss[0], "training loss " + loss[0] + " -> " + loss[5]);
    // The exact denoiser's loss is the label noise: the initial loss (F = 0) is above it.
    assertTrue(r.bayesLoss() > 0 && r.bayesLoss() < loss[0], "exact " + r.bayesLoss());
  }

  @Test
  void gradientDescentDenoiserLowersTheLoss() {
    SoftmaxSettings net = SoftmaxSettings.defaults().withWidth(200).withSigma(3)
        .withIterations(20);
    TrainedDenoiser fit = new SoftmaxDenoiserTrainer(net, 0).fit(
        new double[] {0.1, 0.5, 0.2, 0.3, -0.2, 0.4}, new double[] {0.5, -0.5, 0.2, 0.1}, 2, 3,
        2);
    double[] loss = fit.trainingLoss();
    assertEquals(21, loss.length);
    assertTrue(loss[20] < loss[0], "loss " + loss[0] + " -> " + loss[20]);
    assertEquals(4, fit.denoiser().predict(new double[] {0.1, 0.5, 0.2, 0.3, -0.2, 0.4}, 2)
        .length);
  }

  @Test
  void sameSeedSameNumbers() {
    DiffusionExperiment.Results a = DiffusionExperiment.run(small("gmm2d"),
        new KernelGdTrainer(0.1, 20), null);
    DiffusionExperiment.Results b = DiffusionExperiment.run(small("gmm2d"),
        new KernelGdTrainer(0.1, 20), null);
    assertArrayEquals(a.learned(), b.learned());
    assertArrayEquals(a.trainingLoss(), b.trainingLoss());
    assertEquals(a.scoreErrorLearned(), b.scoreErrorLearned());
    assertEquals(a.energyLearned(), b.energyLearned());
  }
}
