package org.widenet.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.widenet.deep.DeepConfig;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepInputs;
import org.widenet.deep.DeepRecord;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.DeepTrainer;
import org.widenet.deep.GnMethod;
import org.widenet.deep.LayerPass;
import org.widenet.model.DenseInputs;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.model.KeptInitialWeightsTest;
import org.widenet.model.NetworkSpec;
import org.widenet.smooth.SmoothActivation;
import org.widenet.smooth.SmoothRecord;
import org.widenet.smooth.SmoothSettings;
import org.widenet.smooth.SmoothSpec;
import org.widenet.smooth.SmoothTrainResult;
import org.widenet.smooth.SmoothTrainer;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxResult;
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
import org.widenet.train.StepForm;
import org.widenet.train.TrainConfig;
import org.widenet.train.TrainResult;
import org.widenet.train.Trainer;

/**
 * The engine contract, once for all five families: a run on the Spark engine is the run on the
 * local engine bit for bit (losses, spectra, outputs), and runs split into 1, 3 and 8 blocks
 * agree to 1e-10 (only the grouping of the block sums differs), and blocks that keep W(0)
 * run as blocks that draw it again. Each family trains through its
 * own driver on a {@link Family} handed to either engine, so a new family joins by adding a case.
 */
class FamilyEngineContractTest {
  private static final int N = 12;
  private static final int D = 5;
  private static final int K = 3;
  private static final double BLOCK_COUNT_TOLERANCE = 1e-10;
  /** The local engine's threads in the threaded runs: fewer than the blocks, more than one. */
  private static final int THREADS = 3;

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

  /** Which engine a run gets. */
  private enum Engine {
    LOCAL, LOCAL_THREADS, SPARK;

    BlockEngine create(Family family, int blocks, Inputs inputs) {
      return switch (this) {
        case LOCAL -> new LocalEngine(family, blocks, inputs, OrderedSum.DEFAULT_FAN_IN);
        case LOCAL_THREADS -> new LocalEngine(family, blocks, inputs, OrderedSum.DEFAULT_FAN_IN,
            THREADS);
        case SPARK -> new SparkEngine(jsc, family, blocks, inputs,
            SparkEngine.Options.defaults());
      };
    }
  }

  /** What a run gives: the loss history, the tracked spectrum values, the final outputs. */
  private record Run(double[] losses, double[] spectrum, double[] outputs) {
    double[] all() {
      double[] out = Arrays.copyOf(losses, losses.length + spectrum.length + outputs.length);
      System.arraycopy(spectrum, 0, out, losses.length, spectrum.length);
      System.arraycopy(outputs, 0, out, losses.length + spectrum.length, outputs.length);
      return out;
    }
  }

  /** The five families, each a small run of its own driver on a given engine. */
  enum FamilyCase {
    RELU2 {
      @Override
      Run train(Engine engine, int blocks) {
        return twoLayer(Problems.relu2(240, 9), engine, blocks);
      }
    },
    /** relu2 on inputs wider than the rows, where its blocks step in the span form. */
    RELU2_SPAN {
      @Override
      Run train(Engine engine, int blocks) {
        return twoLayer(Problems.relu2(240, 9), engine, blocks, wide(), StepForm.SPAN);
      }
    },
    EXP2 {
      @Override
      Run train(Engine engine, int blocks) {
        return twoLayer(Problems.exp2(240, 9, false), engine, blocks);
      }
    },
    SOFTMAX2 {
      @Override
      Run train(Engine engine, int blocks) {
        double[] x = sphere().x();
        double[] y = new double[N * K];
        Random rng = new Random(6);
        for (int i = 0; i < N; i++) {
          y[i + N * rng.nextInt(K)] = 1.0;
        }
        SoftmaxSpec spec = new SoftmaxSpec(96, K, 1.0, 3L, false);
        SoftmaxTrainConfig config = new SoftmaxTrainConfig(6, Double.NaN, 0.5, OptimizerKind.GD,
            0.0, 2);
        RecordingListener rec = new RecordingListener();
        try (BlockEngine e = engine.create(new SoftmaxFamily(spec), blocks,
            new DenseInputs(x, N, D))) {
          SoftmaxResult r = new SoftmaxTrainer(spec, config, x, y, N, D).run(e, rec, null, 0);
          double[] movement = rec.records.stream().flatMapToDouble(s -> Arrays.stream(
              new double[] {s.maxMove(), s.froMove()})).toArray();
          double[] spectrum = Arrays.copyOf(new double[] {r.lambdaMinInitial(),
              r.lambdaMaxInitial()}, 2 + movement.length);
          System.arraycopy(movement, 0, spectrum, 2, movement.length);
          return new Run(r.losses(), spectrum, r.finalOutputs());
        }
      }
    },
    SMOOTH2 {
      @Override
      Run train(Engine engine, int blocks) {
        double[] x = sphere().x();
        double[] y = new double[N * 2];
        Random rng = new Random(4);
        for (int i = 0; i < y.length; i++) {
          y[i] = rng.nextDouble() - 0.5;
        }
        SmoothSettings settings = SmoothSettings.defaults().withWidth(120).withIterations(6)
            .withActivation(SmoothActivation.SOFTPLUS).withGramEvery(2).withBlocks(blocks);
        SmoothSpec spec = settings.spec(D, 2);
        try (BlockEngine e = engine.create(spec, blocks, new DenseInputs(x, N, D))) {
          SmoothTrainResult r = new SmoothTrainer(spec, settings, x, y, N).run(e);
          List<SmoothRecord> records = r.records();
          return new Run(records.stream().mapToDouble(SmoothRecord::loss).toArray(),
              records.stream().flatMapToDouble(s -> Arrays.stream(new double[] {s.lambdaMin(),
                  s.lambdaMax(), s.gramDrift(), s.maxMove(), s.froMove()})).toArray(),
              r.outputs());
        }
      }
    },
    DEEP_LAST {
      @Override
      Run train(Engine engine, int blocks) {
        Dataset data = sphere();
        DeepSpec spec = DeepSpec.withAlpha(D, 256, 2, 0.1, 5);
        DeepFamily family = new DeepFamily(spec);
        // The frozen layers are computed here once; the contract is about the trained layer.
        DeepInputs in = new DeepInputs(DeepFamily.frozenLocally(spec, 3,
            LayerPass.inputs(N, D, data.x())).v());
        DeepConfig config = new DeepConfig(4, GnMethod.EXACT, 0, 0, 0, true, 1e-10, 500, 1);
        try (BlockEngine e = engine.create(family, blocks, in)) {
          DeepTrainer.Result r = DeepTrainer.train(e, in, data.y(), config, rec -> { });
          List<DeepRecord> records = r.records();
          return new Run(records.stream().mapToDouble(DeepRecord::loss).toArray(),
              records.stream().flatMapToDouble(s -> Arrays.stream(new double[] {s.lambdaMin(),
                  s.rowMovement(), s.residualNorm()})).toArray(),
              new double[] {r.initialLambdaMin()});
        }
      }
    };

    abstract Run train(Engine engine, int blocks);
  }

  private static Dataset sphere() {
    return Problems.sphere(N, D, "random", 21);
  }

  /** N rows of 2 N inputs: auto steps relu2 in the span form there. */
  private static Dataset wide() {
    return Problems.sphere(N, 2 * N, "random", 21);
  }

  private static Run twoLayer(NetworkSpec spec, Engine engine, int blocks) {
    return twoLayer(spec, engine, blocks, sphere(), StepForm.WEIGHTS);
  }

  private static Run twoLayer(NetworkSpec spec, Engine engine, int blocks, Dataset data,
      StepForm form) {
    int d = data.d();
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, TrainConfig.AUTO, 0, 6, 2,
        blocks).withStepForm(form);
    assertEquals(form == StepForm.SPAN, config.spanSteps(N, d));
    RecordingListener rec = new RecordingListener();
    try (BlockEngine e = engine.create(spec, blocks, new DenseInputs(data.x(), N, d))) {
      TrainResult r = new Trainer(config, data.x(), data.y(), N, d).run(e, rec);
      return new Run(rec.records.stream().mapToDouble(IterationRecord::loss).toArray(),
          rec.records.stream().flatMapToDouble(s -> Arrays.stream(new double[] {s.lambdaMin(),
              s.lambdaMax(), s.gramDrift(), s.maxMove(), s.froMove()})).toArray(),
          r.finalPredictions());
    }
  }

  @ParameterizedTest
  @EnumSource(FamilyCase.class)
  void theSparkEngineRunsBitForBitAsTheLocalEngine(FamilyCase family) {
    Run local = family.train(Engine.LOCAL, 3);
    Run distributed = family.train(Engine.SPARK, 3);
    assertTrue(local.losses().length > 1, family + ": the run took steps");
    assertArrayEquals(local.losses(), distributed.losses(), 0.0, family + ": losses");
    assertArrayEquals(local.spectrum(), distributed.spectrum(), 0.0, family + ": spectrum");
    assertArrayEquals(local.outputs(), distributed.outputs(), 0.0, family + ": outputs");
  }

  /**
   * Blocks that keep W(0) ({@code -Dwidenet.keepInitialWeights=always}) and blocks that draw it
   * again every pass ({@code never}) give the same run to the bit, movement columns included,
   * on both engines (on Spark the kept W(0) rides in the cached blocks).
   */
  @ParameterizedTest
  @EnumSource(value = FamilyCase.class, names = {"RELU2", "RELU2_SPAN", "EXP2", "SOFTMAX2",
      "SMOOTH2"})
  void keptAndDrawnInitialWeightsGiveTheSameRun(FamilyCase family) {
    double[] drawn = KeptInitialWeightsTest.under("never",
        () -> family.train(Engine.LOCAL, 3).all());
    assertTrue(drawn.length > 10, family + ": the run logged rows");
    for (Engine engine : new Engine[] {Engine.LOCAL, Engine.SPARK}) {
      double[] kept = KeptInitialWeightsTest.under("always",
          () -> family.train(engine, 3).all());
      assertArrayEquals(drawn, kept, 0.0, family + " on " + engine);
    }
  }

  /** The span form is the weights form's run up to rounding: losses, spectra, movement. */
  @org.junit.jupiter.api.Test
  void spanAndWeightsFormsGiveOneRunUpToRounding() {
    for (Engine engine : new Engine[] {Engine.LOCAL, Engine.SPARK}) {
      double[] span = twoLayer(Problems.relu2(240, 9), engine, 3, wide(), StepForm.SPAN).all();
      double[] weights = twoLayer(Problems.relu2(240, 9), engine, 3, wide(), StepForm.WEIGHTS)
          .all();
      assertEquals(weights.length, span.length);
      for (int i = 0; i < span.length; i++) {
        if (Double.isNaN(weights[i])) {
          assertTrue(Double.isNaN(span[i]), engine + ", value " + i);
          continue;
        }
        assertEquals(weights[i], span[i], 1e-10 * Math.max(1.0, Math.abs(weights[i])),
            engine + ", value " + i);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(FamilyCase.class)
  void theLocalEngineOnThreadsRunsBitForBitAsOnOneThread(FamilyCase family) {
    Run one = family.train(Engine.LOCAL, 8);
    Run threaded = family.train(Engine.LOCAL_THREADS, 8);
    assertTrue(one.losses().length > 1, family + ": the run took steps");
    assertArrayEquals(one.all(), threaded.all(), 0.0, family + ": every value");
  }

  @ParameterizedTest
  @EnumSource(FamilyCase.class)
  void oneThreeAndEightBlocksAgreeToRoundOff(FamilyCase family) {
    double[] one = family.train(Engine.LOCAL, 1).all();
    for (int blocks : new int[] {3, 8}) {
      double[] many = family.train(Engine.LOCAL, blocks).all();
      assertEquals(one.length, many.length, family + ", " + blocks + " blocks");
      for (int i = 0; i < one.length; i++) {
        if (Double.isNaN(one[i])) {
          assertTrue(Double.isNaN(many[i]), family + ", " + blocks + " blocks, value " + i);
          continue;
        }
        double scale = Math.max(1.0, Math.abs(one[i]));
        assertEquals(one[i], many[i], BLOCK_COUNT_TOLERANCE * scale,
            family + ", " + blocks + " blocks, value " + i);
      }
    }
  }
}
