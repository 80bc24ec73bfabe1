package org.widenet.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.widenet.data.Dataset;
import org.widenet.model.DenseInputs;
import org.widenet.model.Family;
import org.widenet.model.KeptInitialWeightsTest;
import org.widenet.model.NetworkSpec;
import org.widenet.smooth.SmoothActivation;
import org.widenet.smooth.SmoothRecord;
import org.widenet.smooth.SmoothSettings;
import org.widenet.smooth.SmoothSpec;
import org.widenet.smooth.SmoothTrainer;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.softmax.SoftmaxTrainConfig;
import org.widenet.softmax.SoftmaxTrainer;
import org.widenet.spark.SparkEngine;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;
import org.widenet.testutil.SparkFixture;
import org.widenet.train.BlockEngine;
import org.widenet.train.IterationRecord;
import org.widenet.train.LocalEngine;
import org.widenet.train.OptimizerKind;
import org.widenet.train.OrderedSum;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;

/**
 * For every family whose blocks track their movement from W(0): a run whose blocks keep W(0)
 * ({@code -Dwidenet.keepInitialWeights=always}) and one whose blocks draw it again every pass
 * ({@code never}) log the same losses and movement columns to the bit, on the local engine and
 * on the Spark engine (where the kept W(0) rides in the cached blocks).
 */
class KeptInitialWeightsContractTest {
  private static final int N = 12;
  private static final int D = 5;
  private static final int K = 3;
  private static final int BLOCKS = 3;

  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    spark = SparkFixture.start();
    jsc = SparkFixture.context(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** The families whose blocks hold W(0)-relative movement. */
  enum Case {
    RELU2, EXP2_SYMMETRIC, SOFTMAX2, SMOOTH2;

    /** The losses, then max_move and fro_move of every logged row. */
    double[] run(boolean spark) {
      Dataset data = Problems.sphere(N, D, "random", 21);
      return switch (this) {
        case RELU2 -> twoLayer(Problems.relu2(240, 9), data, spark);
        case EXP2_SYMMETRIC -> twoLayer(Problems.exp2(240, 9, true), data, spark);
        case SOFTMAX2 -> {
          double[] y = new double[N * K];
          Random rng = new Random(6);
          for (int i = 0; i < N; i++) {
            y[i + N * rng.nextInt(K)] = 1.0;
          }
          SoftmaxSpec spec = new SoftmaxSpec(96, K, 1.0, 3L, true);
          SoftmaxTrainConfig config = new SoftmaxTrainConfig(5, Double.NaN, 0.5,
              OptimizerKind.GD, 0.0, 2);
          RecordingListener rec = new RecordingListener();
          try (BlockEngine e = engine(new SoftmaxFamily(spec), data, spark)) {
            new SoftmaxTrainer(spec, config, data.x(), y, N, D).run(e, rec, null, 0);
          }
          yield columns(rec.records);
        }
        case SMOOTH2 -> {
          double[] y = new double[N * 2];
          Random rng = new Random(4);
          for (int i = 0; i < y.length; i++) {
            y[i] = rng.nextDouble() - 0.5;
          }
          SmoothSettings settings = SmoothSettings.defaults().withWidth(120).withIterations(5)
              .withActivation(SmoothActivation.SOFTPLUS).withBlocks(BLOCKS);
          SmoothSpec spec = settings.spec(D, 2);
          try (BlockEngine e = engine(spec, data, spark)) {
            List<SmoothRecord> records = new SmoothTrainer(spec, settings, data.x(), y, N)
                .run(e).records();
            yield records.stream().flatMapToDouble(r -> Arrays.stream(new double[] {r.loss(),
                r.maxMove(), r.froMove(), r.froMoveW(), r.froMoveV()})).toArray();
          }
        }
      };
    }
  }

  @ParameterizedTest
  @EnumSource(Case.class)
  void keptAndDrawnInitialWeightsLogTheSameRun(Case c) {
    double[] drawn = KeptInitialWeightsTest.under("never", () -> c.run(false));
    double[] kept = KeptInitialWeightsTest.under("always", () -> c.run(false));
    double[] keptOnSpark = KeptInitialWeightsTest.under("always", () -> c.run(true));
    assertTrue(Arrays.stream(drawn).anyMatch(v -> v > 0.0) && drawn.length > 10,
        "the run logged rows");
    assertArrayEquals(drawn, kept, 0.0, "local engine");
    assertArrayEquals(drawn, keptOnSpark, 0.0, "Spark engine");
  }

  private static BlockEngine engine(Family family, Dataset data, boolean spark) {
    DenseInputs inputs = new DenseInputs(data.x(), N, D);
    return spark ? new SparkEngine(jsc, family, BLOCKS, inputs, SparkEngine.Options.defaults())
        : new LocalEngine(family, BLOCKS, inputs, OrderedSum.DEFAULT_FAN_IN);
  }

  private static double[] twoLayer(NetworkSpec spec, Dataset data, boolean spark) {
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, TrainConfig.AUTO, 0, 5, 1,
        BLOCKS);
    RecordingListener rec = new RecordingListener();
    try (BlockEngine e = engine(spec, data, spark)) {
      new Trainer(config, data.x(), data.y(), N, D).run(e, rec);
    }
    return columns(rec.records);
  }

  private static double[] columns(List<IterationRecord> records) {
    return records.stream().flatMapToDouble(r -> Arrays.stream(new double[] {r.loss(),
        r.maxMove(), r.froMove()})).toArray();
  }
}
