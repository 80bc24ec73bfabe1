package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.data.Dataset;
import org.widenet.model.ModelMetadata;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.spark.ModelStore;
import org.widenet.spark.SparkEngine;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;
import org.widenet.train.IterationRecord;
import org.widenet.train.OptimizerKind;
import org.widenet.train.StepForm;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingListener;

/**
 * The training run the cluster tests disturb, and the bit-for-bit comparison of two runs.
 *
 * <p>6 neuron blocks with a reduction fan-in of 4, so each iteration's job has a shuffle (two
 * groups summed on the executors) as well as a collect: a killed executor loses cached blocks,
 * map outputs and running tasks. A reliable checkpoint every 3 iterations. n = 200 and 4,000
 * neurons per block with the Gram matrix every iteration keep each task busy for about 20 ms
 * of CPU, long enough to be killed in flight, and a whole run at about 1.5 s of CPU.
 *
 * <p>{@link ClusterFamily} runs the same scenario (blocks, fan-in, checkpoints, iterations,
 * data) for each of the five model families; {@link #assertIdentical(ClusterFamily, Run, Run)}
 * compares their runs.
 */
final class ClusterTraining {
  static final int BLOCKS = 6;
  static final int FAN_IN = 4;
  static final int ITERATIONS = 12;
  static final int CHECKPOINT_EVERY = 3;

  private static final Dataset DATA = Problems.sphere(200, 6, "random", 7);
  private static final NetworkSpec SPEC = Problems.relu2(24_000, 3);
  private static final Dataset WIDE = Problems.sphere(200, 160, "random", 7);

  private ClusterTraining() {}

  /**
   * The loss per iteration (t = 0..T); for relu2 and exp2 the weights as saved and read back,
   * by block (null for the other families); and what else the family exposes at the end of
   * the run (final outputs, the blocks' weights, other record columns), by name.
   */
  record Run(double[] losses, List<NeuronBlock> savedBlocks, Map<String, double[]> finals) {
    Run(double[] losses, List<NeuronBlock> savedBlocks) {
      this(losses, savedBlocks, Map.of());
    }
  }

  /**
   * Trains on {@code spark} with checkpoints under {@code dir}, saves the model there
   * ({@code dir/model}, written by the executors as {@code widenet train} does) and reads it
   * back.
   *
   * @param extra called after each iteration, after the run's own recording (may kill things)
   */
  static Run train(SparkSession spark, Path dir, TrainingListener extra) {
    return trainNetwork(SPEC, spark, dir, extra);
  }

  /** The relu2 run above for any {@link NetworkSpec} (relu2 or exp2). */
  static Run trainNetwork(NetworkSpec spec, SparkSession spark, Path dir,
      TrainingListener extra) {
    return trainNetwork(spec, DATA, spark, dir, extra);
  }

  /** The same on other data. */
  static Run trainNetwork(NetworkSpec spec, Dataset data, SparkSession spark, Path dir,
      TrainingListener extra) {
    JavaSparkContext jsc = context(spark);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, TrainConfig.AUTO, 0,
        ITERATIONS, 1, BLOCKS);
    RecordingListener rec = new RecordingListener();
    TrainingListener listener = new TrainingListener() {
      @Override
      public void onIteration(IterationRecord record) {
        rec.onIteration(record);
        extra.onIteration(record);
      }

      @Override
      public void onLearningRate(double eta, boolean automatic) {
        rec.onLearningRate(eta, automatic);
      }
    };
    String model = dir.resolve("model").toUri().toString();
    long start = System.nanoTime();
    try (SparkEngine engine = new SparkEngine(jsc, spec, BLOCKS, data.x(), data.n(), data.d(),
        options(dir))) {
      new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, listener);
      ModelStore.save(spark, engine.blocks(), new ModelMetadata(spec, data.d(), BLOCKS,
          ITERATIONS, Map.of()), model);
    }
    long trained = System.nanoTime();
    List<NeuronBlock> saved = ModelStore.loadBlocks(spark, model);
    System.out.printf("cluster run %s: trained and saved in %.1f s, read back in %.1f s; "
        + "ms after each iteration %s%n", dir, (trained - start) / 1e9,
        (System.nanoTime() - trained) / 1e9,
        rec.records.stream().map(r -> String.valueOf(r.elapsedMs())).toList());
    return new Run(rec.losses(), saved);
  }

  /** The engine settings of every family's run: block files under dir every 3 steps. */
  static SparkEngine.Options options(Path dir) {
    return new SparkEngine.Options(dir.resolve("checkpoints").toUri().toString(),
        CHECKPOINT_EVERY, FAN_IN);
  }

  /** The training inputs every family's run shares (n = 200 points on the sphere in 6-d). */
  static Dataset data() {
    return DATA;
  }

  /** 200 points on the sphere in 160-d: relu2 steps in the span form there (n < 1.6 d). */
  static Dataset wideData() {
    Dataset wide = WIDE;
    if (!StepForm.pays(wide.n(), wide.d(), SPEC.width())) {
      throw new IllegalStateException("the wide data must take the span form");
    }
    return wide;
  }

  static JavaSparkContext context(SparkSession spark) {
    return JavaSparkContext.fromSparkContext(spark.sparkContext());
  }

  /**
   * Same loss at every iteration and same weights, bit for bit: JUnit's assertArrayEquals for
   * double[] without a delta compares Double.doubleToLongBits, stricter than a delta of 0.
   */
  static void assertIdentical(Run expected, Run actual) {
    assertEquals(ITERATIONS + 1, expected.losses().length, "a loss per iteration");
    assertArrayEquals(expected.losses(), actual.losses(), "loss curve");
    assertFinalsIdentical(expected, actual);
    assertEquals(BLOCKS, expected.savedBlocks().size(), "saved blocks");
    assertEquals(expected.savedBlocks().size(), actual.savedBlocks().size(), "saved blocks");
    for (int b = 0; b < BLOCKS; b++) {
      NeuronBlock e = expected.savedBlocks().get(b);
      NeuronBlock a = actual.savedBlocks().get(b);
      assertEquals(e.blockId(), a.blockId());
      assertEquals(e.firstNeuron(), a.firstNeuron(), "first neuron of block " + b);
      assertArrayEquals(e.weights(), a.weights(), "input weights of block " + b);
      assertArrayEquals(e.outputWeights(), a.outputWeights(),
          "output weights of block " + b);
    }
  }

  /**
   * The same for a family's run: the loss column and every final array bit for bit, and the
   * saved blocks where the family saves them (relu2, exp2).
   */
  static void assertIdentical(ClusterFamily family, Run expected, Run actual) {
    if (expected.savedBlocks() != null) {
      assertIdentical(expected, actual);
      return;
    }
    assertEquals(ITERATIONS + 1, expected.losses().length, family + ": a loss per iteration");
    assertArrayEquals(expected.losses(), actual.losses(), family + ": loss column");
    assertTrue(!expected.finals().isEmpty(), family + " exposes final outputs or weights");
    assertFinalsIdentical(expected, actual);
  }

  private static void assertFinalsIdentical(Run expected, Run actual) {
    assertEquals(expected.finals().keySet(), actual.finals().keySet(), "final arrays");
    for (Map.Entry<String, double[]> e : expected.finals().entrySet()) {
      assertArrayEquals(e.getValue(), actual.finals().get(e.getKey()), e.getKey());
    }
  }
}
