package org.widenet.experiment.teacher;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.widenet.math.MeanInterval;

/**
 * Song, Ramezani-Kebrya, Pethick, Eftekhari, Cevher (2021), Section 6 and Appendix G: a teacher
 * (a two-layer GeLU net, He initialization, cross-entropy, SGD until zero training error)
 * relabels the training and test images with its predicted class; students of one width are
 * trained on those labels with the squared loss for a sweep of omega2 at the fixed He product
 * omega1 * omega2 = 2 / sqrt(d0 d1), several seeds each; the train and test errors' means and
 * 95% t-intervals over the seeds are the figure.
 */
public final class TeacherStudentExperiment {
  /** One omega2 of the sweep. */
  public record Point(double omega1, double omega2, List<StudentTrainer.Result> runs,
      MeanInterval trainError, MeanInterval testError) {
    /** omega2 / omega1, the x axis of the figure. */
    public double ratio() {
      return omega2 / omega1;
    }
  }

  /** The teacher's fit to the true labels. */
  public record Teacher(int epochs, double trainError, double testError, double seconds) {}

  /** Everything the report needs. */
  public record Results(TeacherStudentSettings settings, String trainSource, String testSource,
      double product, Teacher teacher, List<Point> points, double seconds) {}

  /** The confidence level of the error bars. */
  public static final double LEVEL = 0.95;

  private TeacherStudentExperiment() {}

  /** Loads the data, trains the teacher, relabels, and runs the sweep with {@code student}. */
  public static Results run(TeacherStudentSettings s, StudentTrainer student,
      PrintStream progress) throws Exception {
    long start = System.nanoTime();
    ImageClasses.Split data = ImageClasses.load(s.dataDir(), s.n(), s.testN());
    progress.printf(Locale.ROOT, "teacher-student: %s, test %s%n", data.train().source(),
        data.test().source());
    TwoLayerNet teacherNet = TwoLayerNet.he(data.train().d(), s.teacherWidth(),
        data.train().k(), s.seed());
    Teacher teacher = trainTeacher(teacherNet, data.train(), data.test(), s, progress);
    ClassData train = data.train().relabeled(teacherNet.predict(data.train().x(),
        data.train().n()), data.train().source() + ", teacher labels");
    ClassData test = data.test().relabeled(teacherNet.predict(data.test().x(),
        data.test().n()), data.test().source() + ", teacher labels");
    return new Results(s, train.source(), test.source(), s.product(train.d()), teacher,
        sweep(s, student, train, test, progress), (System.nanoTime() - start) / 1e9);
  }

  /** Trains the teacher until zero training error or the epoch limit. */
  static Teacher trainTeacher(TwoLayerNet net, ClassData train, ClassData test,
      TeacherStudentSettings s, PrintStream progress) {
    long start = System.nanoTime();
    SplittableRandom shuffle = new SplittableRandom(s.seed());
    double error = net.error(train.x(), train.labels(), train.n());
    int epochs = 0;
    while (error > 0 && epochs < s.teacherEpochs()) {
      double loss = net.epoch(train.x(), train.labels(), train.n(), s.batch(), s.teacherLr(),
          Loss.CROSS_ENTROPY, shuffle);
      epochs++;
      error = net.error(train.x(), train.labels(), train.n());
      progress.printf(Locale.ROOT, "teacher-student: teacher epoch %d: cross-entropy %.4f, "
          + "training error %.4f%n", epochs, loss, error);
    }
    return new Teacher(epochs, error, net.error(test.x(), test.labels(), test.n()),
        (System.nanoTime() - start) / 1e9);
  }

  /** The omega2 sweep on already relabeled data. */
  public static List<Point> sweep(TeacherStudentSettings s, StudentTrainer student,
      ClassData train, ClassData test, PrintStream progress) throws Exception {
    double product = s.product(train.d());
    List<Point> points = new ArrayList<>();
    for (double omega2 : s.omega2s()) {
      double omega1 = product / omega2;
      List<StudentTrainer.Result> runs = new ArrayList<>();
      double[] trainErr = new double[s.seeds()];
      double[] testErr = new double[s.seeds()];
      for (int j = 0; j < s.seeds(); j++) {
        StudentTrainer.Result r = student.train(train, test, omega1, omega2, s.seed() + 1 + j);
        runs.add(r);
        trainErr[j] = r.trainError();
        testErr[j] = r.testError();
        progress.printf(Locale.ROOT, "teacher-student: omega2 %.4g omega1 %.4g seed %d: "
            + "train error %.4f, test error %.4f (%.1f s)%n", omega2, omega1, s.seed() + 1 + j,
            r.trainError(), r.testError(), r.seconds());
      }
      points.add(new Point(omega1, omega2, List.copyOf(runs),
          MeanInterval.of(trainErr, LEVEL), MeanInterval.of(testErr, LEVEL)));
    }
    return points;
  }

  /**
   * Whether the paper's trend held: the least-squares slope of the mean test error against
   * log(omega2 / omega1) is negative (the error falls as the ratio grows). Null with one point.
   */
  public static Boolean trendHeld(List<Point> points) {
    if (points.size() < 2) {
      return null;
    }
    return testErrorSlope(points) < 0;
  }

  /** The least-squares slope of the mean test error against log(omega2 / omega1). */
  public static double testErrorSlope(List<Point> points) {
    int k = points.size();
    double mx = 0;
    double my = 0;
    for (Point p : points) {
      mx += Math.log(p.ratio());
      my += p.testError().mean();
    }
    mx /= k;
    my /= k;
    double sxx = 0;
    double sxy = 0;
    for (Point p : points) {
      double dx = Math.log(p.ratio()) - mx;
      sxx += dx * dx;
      sxy += dx * (p.testError().mean() - my);
    }
    return sxx > 0 ? sxy / sxx : Double.NaN;
  }
}
