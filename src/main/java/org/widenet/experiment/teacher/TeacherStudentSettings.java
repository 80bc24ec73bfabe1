package org.widenet.experiment.teacher;

/**
 * Settings of the teacher-student experiment (Song et al. 2021, Section 6 and Appendix G).
 *
 * @param dataDir IDX directory (Fashion-MNIST)
 * @param n training rows (the paper: 60000)
 * @param testN test rows (the paper: 10000)
 * @param width d1 of every student (the paper: 1000)
 * @param teacherWidth hidden width of the teacher
 * @param teacherEpochs most SGD epochs of the teacher (it stops at zero training error)
 * @param teacherLr the teacher's SGD step on the cross-entropy
 * @param epochs SGD epochs of every student (the paper: 300)
 * @param batch mini-batch size (the paper: 128)
 * @param lr the students' SGD step on the mean squared error (the paper: 0.01)
 * @param omega2Low smallest omega2 of the sweep (the paper: 0.002)
 * @param omega2High largest omega2 (the paper: 0.1)
 * @param points omega2 values, log-spaced from low to high (the paper: 10)
 * @param seeds students per omega2 (the paper: 5)
 * @param seed seed of the teacher; student j of every omega2 uses seed + 1 + j
 */
public record TeacherStudentSettings(String dataDir, int n, int testN, int width,
    int teacherWidth, int teacherEpochs, double teacherLr, int epochs, int batch, double lr,
    double omega2Low, double omega2High, int points, int seeds, long seed) {

  public TeacherStudentSettings {
    if (n < 2 || testN < 1 || width < 1 || teacherWidth < 1 || teacherEpochs < 1
        || epochs < 1 || batch < 1 || points < 1 || seeds < 1) {
      throw new IllegalArgumentException("--n >= 2, --test-n, --width, --teacher-width, "
          + "--teacher-epochs, --epochs, --batch-size, --points and --seeds >= 1 are required");
    }
    if (!(lr > 0) || !(teacherLr > 0)) {
      throw new IllegalArgumentException("--lr and --teacher-lr must be positive");
    }
    if (!(omega2Low > 0 && omega2High >= omega2Low)) {
      throw new IllegalArgumentException("--omega2-range needs 0 < low <= high, got "
          + omega2Low + ".." + omega2High);
    }
    if (points == 1 && omega2High != omega2Low) {
      throw new IllegalArgumentException("--points 1 needs equal ends of --omega2-range");
    }
  }

  /**
   * The fixed product omega1 * omega2 of He initialization for both layers:
   * sqrt(2/d0) * sqrt(2/d1) = 2 / sqrt(d0 d1) (0.002259 for d0 = 784, d1 = 1000).
   */
  public double product(int d0) {
    return 2.0 / Math.sqrt((double) d0 * width);
  }

  /** The omega2 values of the sweep, log-spaced from low to high. */
  public double[] omega2s() {
    double[] v = new double[points];
    for (int i = 0; i < points; i++) {
      v[i] = points == 1 ? omega2Low
          : omega2Low * Math.pow(omega2High / omega2Low, i / (double) (points - 1));
    }
    return v;
  }
}
