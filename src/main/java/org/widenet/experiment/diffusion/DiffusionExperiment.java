package org.widenet.experiment.diffusion;

import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The diffusion experiment of Section 6: draw the training set of Section 6.1, normalize it
 * ({@link InputMap}, {@link LabelMap}), fit the denoiser, turn it into a score by Tweedie's
 * formula ({@link LearnedScore}), measure the lambda(t)-weighted score error on held-out pairs
 * ({@link ScoreError}), sample with the reverse SDE ({@link ReverseSampler}) using the learned
 * and the exact score, and compare the samples and plain N(0, I) noise with the target by the
 * energy distance ({@link EnergyDistance}).
 *
 * <p>Randomness: independent streams seeded from (seed, stream) for the training set, the
 * held-out set, the reverse-SDE noise, the N(0, I) baseline and two target reference samples.
 * The learned-score and exact-score chains use the same noise (common random numbers), so
 * their difference is the score's alone.
 */
public final class DiffusionExperiment {
  /** Time bins of the score error by time. */
  public static final int TIME_BINS = 10;

  private DiffusionExperiment() {}

  /**
   * The numbers the report shows.
   *
   * @param settings the settings
   * @param trainer what trained the denoiser (one line)
   * @param d the data dimension
   * @param inputMap the input normalization
   * @param labelMap the label normalization
   * @param trainingLoss 0.5 ||F - Y||^2 per iteration (normalized labels)
   * @param bayesLoss the same loss of the exact denoiser on the training set: the part of the
   *     loss that is label noise, which a denoiser that generalizes does not go below by much
   * @param scoreErrorLearned the weighted score error of the learned score
   * @param scoreErrorZero the same for the zero denoiser (score -x / sigma_t^2: the network at
   *     its symmetric initialization, where F = 0)
   * @param scoreErrorScale the weighted mean of ||grad log p_t||^2 (the error of the score 0)
   * @param binEdges TIME_BINS + 1 edges of the time bins
   * @param binLearned the learned score's weighted error per time bin
   * @param binZero the zero denoiser's weighted error per time bin
   * @param reference target sample the distances are measured to
   * @param learned samples of the reverse SDE with the learned score
   * @param exact samples of the reverse SDE with the exact score
   * @param noise plain N(0, I) samples
   * @param energyLearned energy distance of learned to reference
   * @param energyExact energy distance of exact to reference
   * @param energyNoise energy distance of noise to reference
   * @param energyTarget energy distance of a second target sample to reference (the noise floor
   *     of the estimate)
   * @param trainSeconds seconds spent fitting the denoiser
   * @param seconds seconds for the whole experiment
   */
  public record Results(DiffusionSettings settings, String trainer, int d, InputMap inputMap,
      LabelMap labelMap, double[] trainingLoss, double bayesLoss, double scoreErrorLearned, double scoreErrorZero,
      double scoreErrorScale, double[] binEdges, double[] binLearned, double[] binZero,
      double[] reference, double[] learned, double[] exact, double[] noise,
      double energyLearned, double energyExact, double energyNoise, double energyTarget,
      double trainSeconds, double seconds) {}

  /**
   * Runs the experiment.
   *
   * @param s the settings
   * @param trainer fits the denoiser
   * @param progress where one line per phase goes (may be null)
   * @return the results
   */
  public static Results run(DiffusionSettings s, DenoiserTrainer trainer, PrintStream progress) {
    long start = System.nanoTime();
    GaussianMixture target = DiffusionTargets.named(s.target());
    NoiseSchedule schedule = s.schedule();
    int d = target.dimension();
    ForwardSamples train = ForwardSamples.draw(target, schedule, s.t0(), s.n(), stream(s, 1));
    InputMap inputMap = InputMap.fit(schedule.tMax(), train.xt(), s.n(), d);
    LabelMap labelMap = LabelMap.fit(train.x0(), s.n(), d);
    double[] inputs = inputMap.apply(train.t(), train.xt(), s.n(), d);
    double[] labels = labelMap.apply(train.x0());
    say(progress, "diffusion: training %s on n = %d pairs (d = %d)", trainer.describe(), s.n(),
        d);
    long fitStart = System.nanoTime();
    TrainedDenoiser fitted = trainer.fit(inputs, labels, s.n(), d + 1, d);
    double trainSeconds = (System.nanoTime() - fitStart) / 1e9;
    double[] curve = fitted.trainingLoss();
    say(progress, "diffusion: trained in %.1f s, loss %.4g -> %.4g", trainSeconds, curve[0],
        curve[curve.length - 1]);

    ExactScore exactScore = new ExactScore(target, schedule);
    double[] bayes = labelMap.apply(exactScore.denoise(train.t(), train.xt(), s.n()));
    double bayesLoss = 0;
    for (int i = 0; i < bayes.length; i++) {
      bayesLoss += 0.5 * (bayes[i] - labels[i]) * (bayes[i] - labels[i]);
    }
    LearnedScore learnedScore = new LearnedScore(fitted.denoiser(), inputMap, labelMap,
        schedule, d);
    ForwardSamples held = ForwardSamples.draw(target, schedule, s.t0(), s.testN(),
        stream(s, 2));
    double[] exactHeld = exactScore.score(held.t(), held.xt(), held.n());
    double[] learnedHeld = learnedScore.score(held.t(), held.xt(), held.n());
    double[] zeroHeld = new double[held.n() * d];
    double[] none = new double[held.n() * d];
    for (int i = 0; i < held.n(); i++) {
      double sigma2 = schedule.sigma2(held.t()[i]);
      for (int j = 0; j < d; j++) {
        zeroHeld[i + j * held.n()] = -held.xt()[i + j * held.n()] / sigma2;
      }
    }
    double errLearned = ScoreError.weighted(learnedHeld, exactHeld, schedule, held);
    double errZero = ScoreError.weighted(zeroHeld, exactHeld, schedule, held);
    double errScale = ScoreError.weighted(none, exactHeld, schedule, held);
    double[] edges = new double[TIME_BINS + 1];
    for (int b = 0; b <= TIME_BINS; b++) {
      edges[b] = s.t0() + (schedule.tMax() - s.t0()) * b / TIME_BINS;
    }
    double[] binLearned = byTime(learnedHeld, exactHeld, schedule, held, edges);
    double[] binZero = byTime(zeroHeld, exactHeld, schedule, held, edges);
    say(progress, "diffusion: weighted score error %.4g (zero denoiser %.4g)", errLearned,
        errZero);

    ReverseSampler sampler = new ReverseSampler(schedule, s.t0(), s.steps());
    double[] learned = sampler.sample(learnedScore, s.samples(), d, stream(s, 3));
    double[] exact = sampler.sample(exactScore, s.samples(), d, stream(s, 3));
    double[] noise = new double[s.samples() * d];
    SplittableRandom noiseRng = stream(s, 4);
    for (int i = 0; i < noise.length; i++) {
      noise[i] = noiseRng.nextGaussian();
    }
    double[] reference = target.sample(stream(s, 5), s.samples());
    double[] resample = target.sample(stream(s, 6), s.samples());
    int m = s.samples();
    double eLearned = EnergyDistance.squared(learned, m, reference, m, d);
    double eExact = EnergyDistance.squared(exact, m, reference, m, d);
    double eNoise = EnergyDistance.squared(noise, m, reference, m, d);
    double eTarget = EnergyDistance.squared(resample, m, reference, m, d);
    say(progress, "diffusion: energy distance to the target: learned %.4g, exact %.4g, "
        + "noise %.4g (target resample %.4g)", eLearned, eExact, eNoise, eTarget);
    return new Results(s, trainer.describe(), d, inputMap, labelMap, curve, bayesLoss,
        errLearned, errZero,
        errScale, edges, binLearned, binZero, reference, learned, exact, noise, eLearned, eExact,
        eNoise, eTarget, trainSeconds, (System.nanoTime() - start) / 1e9);
  }

  /** The generator of one stream: its seed mixes the run's seed and the stream number. */
  static SplittableRandom stream(DiffusionSettings s, int stream) {
    return new SplittableRandom(s.seed() * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L);
  }

  private static double[] byTime(double[] estimate, double[] exact, NoiseSchedule schedule,
      ForwardSamples held, double[] edges) {
    int bins = edges.length - 1;
    double[] sum = new double[bins];
    int[] count = new int[bins];
    int n = held.n();
    double width = edges[bins] - edges[0];
    for (int i = 0; i < n; i++) {
      int b = (int) Math.min(bins - 1, Math.floor((held.t()[i] - edges[0]) / width * bins));
      double e = 0;
      for (int j = 0; j < held.d(); j++) {
        double diff = estimate[i + j * n] - exact[i + j * n];
        e += diff * diff;
      }
      sum[b] += schedule.sigma2(held.t()[i]) * e;
      count[b]++;
    }
    for (int b = 0; b < bins; b++) {
      sum[b] = count[b] == 0 ? Double.NaN : sum[b] / count[b];
    }
    return sum;
  }

  private static void say(PrintStream progress, String format, Object... args) {
    if (progress != null) {
      progress.println(String.format(Locale.ROOT, format, args));
    }
  }
}
