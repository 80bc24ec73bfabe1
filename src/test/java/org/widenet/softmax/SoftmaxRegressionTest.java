package org.widenet.softmax;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.widenet.testutil.RecordingListener;

/** The programmatic entry point: shapes, the listener, predictions, bad input. */
class SoftmaxRegressionTest {
  @Test
  void fitReportsEveryIterationAndPredictsLikeTheTrainingOutputs() {
    int n = 8;
    int d = 3;
    int k = 2;
    double[] x = SoftmaxReference.inputs(n, d, 1L);
    double[] y = SoftmaxReference.labels(n, k, 2L);
    RecordingListener records = new RecordingListener();
    SoftmaxFit fit = SoftmaxRegression.fit(x, y, n, d, k, SoftmaxSettings.defaults()
        .withWidth(300).withIterations(20).withBlocks(3).withListener(records));
    assertEquals(21, records.records.size());
    assertArrayEquals(records.losses(), fit.losses(), 0.0);
    assertTrue(fit.losses()[20] < 0.5 * fit.losses()[0]);
    assertArrayEquals(fit.result().finalOutputs(), fit.predict(x, n), 1e-12);
    assertEquals(5 * k, fit.predict(SoftmaxReference.inputs(5, d, 3L), 5).length);
  }

  @Test
  void refusesLabelRowsOutsideTheUnitBallAndWrongShapes() {
    double[] x = SoftmaxReference.inputs(2, 2, 1L);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SoftmaxRegression.fit(x, new double[] {0.1, 0.9, 0.1, 0.9}, 2, 2, 2,
            SoftmaxSettings.defaults().withWidth(4)));
    assertTrue(e.getMessage().contains("label row 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> SoftmaxRegression.fit(x,
        new double[3], 2, 2, 2, SoftmaxSettings.defaults()));
  }

  /** A step far too large stops the run once the loss has grown 1000-fold, for gd and sgd. */
  @Test
  void aDivergingRunStopsAndSaysSo() {
    int n = 8;
    int d = 3;
    int k = 2;
    double[] x = SoftmaxReference.inputs(n, d, 1L);
    double[] y = SoftmaxReference.labels(n, k, 2L);
    for (SoftmaxSettings settings : new SoftmaxSettings[] {
        SoftmaxSettings.defaults().withWidth(300).withIterations(50).withLearningRate(10),
        SoftmaxSettings.defaults().withWidth(300).withLearningRate(10).withSgd(50, 4)}) {
      org.widenet.train.TrainingDivergedException e = assertThrows(
          org.widenet.train.TrainingDivergedException.class,
          () -> SoftmaxRegression.fit(x, y, n, d, k, settings));
      assertTrue(e.getMessage().contains("lower --lr"), e.getMessage());
    }
  }
}
