package org.widenet.experiment.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DiffusionExperimentTest {
  private static DiffusionSettings small(String target) {
    return new DiffusionSettings(target, 300, 400, NoiseSchedule.DEFAULT, 0.01, 300, 100, 5);
  }

  @Test
  void kernelDenoiserSamplesBeatNoiseAndTheScoreBeatsTheZeroDenoiser() {
    for (String target : DiffusionTargets.NAMES) {
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
