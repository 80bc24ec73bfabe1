package org.widenet.experiment.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NormalizationMapsTest {
  private final ForwardSamples train = ForwardSamples.draw(DiffusionTargets.gmm8d(),
      NoiseSchedule.DEFAULT, 0.01, 300, new SplittableRandom(2));

  @Test
  void labelMapRoundTripsAndBoundsTheNorm() {
    LabelMap map = LabelMap.fit(train.x0(), train.n(), train.d());
    double[] y = map.apply(train.x0());
    assertTrue(InputMap.maxRowNorm(y, train.n(), train.d()) <= 1 + 1e-15);
    assertEquals(1, InputMap.maxRowNorm(y, train.n(), train.d()), 1e-12);
    double[] back = map.invert(y);
    for (int i = 0; i < back.length; i++) {
      assertEquals(train.x0()[i], back[i], 1e-15 * Math.max(1, Math.abs(back[i])));
    }
  }

  @Test
  void inputMapIsTheStatedAffineMapWithNormAtMostOne() {
    InputMap map = InputMap.fit(1, train.xt(), train.n(), train.d());
    double[] z = map.apply(train.t(), train.xt(), train.n(), train.d());
    int n = train.n();
    int d = train.d();
    assertTrue(InputMap.maxRowNorm(z, n, d + 1) <= 1 + 1e-12);
    for (int i = 0; i < n; i++) {
      // Plain twin: z = (t / T, x / scale) / sqrt(2); inverting it recovers (t, x).
      assertEquals(train.t()[i], z[i] * Math.sqrt(2), 1e-12);
      for (int j = 0; j < d; j++) {
        assertEquals(train.xt()[i + j * n], z[i + (j + 1) * n] * Math.sqrt(2) * map.xScale(),
            1e-12);
      }
    }
  }

  @Test
  void inputsBeyondTheTrainingRangeAreProjectedOntoTheSphere() {
    InputMap map = new InputMap(1, 2);
    double[] x = {30, 40};
    double[] z = map.apply(new double[] {0.5}, x, 1, 2);
    double norm = Math.sqrt(z[0] * z[0] + z[1] * z[1] + z[2] * z[2]);
    assertEquals(1, norm, 1e-15);
    // Direction kept: (0.5, 15, 20) / ||.||.
    double r = Math.sqrt(0.25 + 225 + 400);
    assertArrayEquals(new double[] {0.5 / r, 15 / r, 20 / r}, z, 1e-15);
  }

  @Test
  void learnedScoreOfTheExactDenoiserIsTheExactScore() {
    // A "denoiser" that inverts the input map, applies the exact Tweedie denoiser and the label
    // map: LearnedScore must then return the exact score (the affine map and both
    // normalizations are consistent).
    GaussianMixture target = DiffusionTargets.gmm8d();
    ExactScore exact = new ExactScore(target, NoiseSchedule.DEFAULT);
    InputMap in = InputMap.fit(1, train.xt(), train.n(), train.d());
    LabelMap out = LabelMap.fit(train.x0(), train.n(), train.d());
    int d = train.d();
    Denoiser oracle = (z, rows) -> {
      double[] t = new double[rows];
      double[] x = new double[rows * d];
      for (int i = 0; i < rows; i++) {
        t[i] = z[i] * Math.sqrt(2) * in.tMax();
        for (int j = 0; j < d; j++) {
          x[i + j * rows] = z[i + (j + 1) * rows] * Math.sqrt(2) * in.xScale();
        }
      }
      return out.apply(exact.denoise(t, x, rows));
    };
    LearnedScore learned = new LearnedScore(oracle, in, out, NoiseSchedule.DEFAULT, d);
    double[] want = exact.score(train.t(), train.xt(), train.n());
    double[] got = learned.score(train.t(), train.xt(), train.n());
    for (int i = 0; i < want.length; i++) {
      double sigma2 = NoiseSchedule.DEFAULT.sigma2(train.t()[i % train.n()]);
      // Round-off of E[x0|xt] is amplified by alpha / sigma^2.
      assertEquals(want[i], got[i], 1e-11 / sigma2 * Math.max(1, Math.abs(want[i])));
    }
  }
}
