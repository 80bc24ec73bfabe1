package org.widenet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.model.NetworkSpec;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;
import org.widenet.testutil.Tolerance;

/** Mini-batch SGD for relu2 and exp2 against gd, across block counts, and its batches. */
class MiniBatchTrainerTest {

  private static TrainResult sgd(NetworkSpec spec, Dataset data, int blocks, double eta,
      int epochs, int batch, RecordingListener rec) {
    try (LocalEngine engine = new LocalEngine(spec, blocks, data.x(), data.n(), data.d())) {
      return new MiniBatchTrainer(spec, eta, epochs, batch, 4L, 1e3, data.y(), data.n())
          .run(engine, rec);
    }
  }

  private static TrainResult gd(NetworkSpec spec, Dataset data, int blocks, double eta,
      int iterations) {
    try (LocalEngine engine = new LocalEngine(spec, blocks, data.x(), data.n(), data.d())) {
      return new Trainer(new TrainConfig(spec, OptimizerKind.GD, eta, 0, iterations, 1000,
          blocks), data.x(), data.y(), data.n(), data.d()).run(engine, new RecordingListener());
    }
  }

  @Test
  void fullBatchSgdIsGradientDescentForBothFamilies() {
    Dataset data = Problems.sphere(12, 3, "random", 1);
    for (NetworkSpec spec : List.of(Problems.relu2(40, 2), Problems.exp2(40, 2, false))) {
      double eta = spec.family().activation() == org.widenet.math.Activation.RELU ? 0.05 : 1e-3;
      TrainResult viaGd = gd(spec, data, 3, eta, 6);
      TrainResult viaSgd = sgd(spec, data, 3, eta, 6, 12, new RecordingListener());
      assertTrue(Tolerance.maxRelativeError(viaGd.finalPredictions(),
          viaSgd.finalPredictions()) < Tolerance.EXACT, spec.family().cliName());
      assertEquals(viaGd.finalLoss(), viaSgd.finalLoss(),
          Tolerance.EXACT * Math.max(1, viaGd.finalLoss()));
    }
  }

  @Test
  void blockCountsAgreeAndEpochsAreLogged() {
    Dataset data = Problems.sphere(20, 3, "random", 2);
    NetworkSpec spec = Problems.relu2(60, 3);
    RecordingListener rec = new RecordingListener();
    TrainResult one = sgd(spec, data, 1, 0.1, 5, 6, rec);
    TrainResult four = sgd(spec, data, 4, 0.1, 5, 6, new RecordingListener());
    assertTrue(Tolerance.maxRelativeError(one.finalPredictions(), four.finalPredictions())
        < Tolerance.REORDERED);
    assertEquals(6, rec.records.size());
    assertEquals(20, rec.records.get(5).iteration());
    assertTrue(one.finalLoss() < one.initialLoss());
    assertArrayEquals(sgd(spec, data, 4, 0.1, 5, 6, new RecordingListener()).finalPredictions(),
        four.finalPredictions(), 0.0);
  }
}
