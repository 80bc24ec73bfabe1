package org.widenet.experiment.teacher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The smooth2 student on a tiny separable problem: it learns, and a seed fixes the result. */
class SmoothStudentTest {
  private static ClassData blobs(int n, long seed) {
    Random rng = new Random(seed);
    int d = 8;
    double[] x = new double[n * d];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 3;
      for (int j = 0; j < d; j++) {
        x[i + j * n] = 0.3 * rng.nextGaussian() + (j == y[i] ? 2.0 : 0.0);
      }
    }
    return new ClassData("blobs", n, d, x, y, 3);
  }

  @Test
  void learnsSeparableClassesAndIsDeterministic() throws Exception {
    ClassData train = blobs(60, 1);
    ClassData test = blobs(30, 2);
    double product = 2 / Math.sqrt(8 * 64.0);
    double omega = Math.sqrt(product);
    // lr 0.1 on the mean squared error: a large step, the problem is tiny.
    SmoothStudent student = new SmoothStudent(64, 40, 10, 0.1, 2, null);
    StudentTrainer.Result a = student.train(train, test, omega, omega, 5);
    StudentTrainer.Result b = student.train(train, test, omega, omega, 5);
    assertTrue(a.trainError() < 0.2 && a.testError() < 0.3, a.toString());
    assertEquals(a.trainError(), b.trainError(), 0.0);
    assertEquals(a.finalLoss(), b.finalLoss(), 0.0);
  }
}
