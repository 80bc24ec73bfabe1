package org.widenet.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.cluster.ClusterTraining.Run;
import org.widenet.data.Dataset;
import org.widenet.deep.DeepBlock;
import org.widenet.deep.DeepConfig;
import org.widenet.deep.DeepFamily;
import org.widenet.deep.DeepInputs;
import org.widenet.deep.DeepRecord;
import org.widenet.deep.DeepSpec;
import org.widenet.deep.DeepTrainer;
import org.widenet.deep.GnMethod;
import org.widenet.deep.LayerPass;
import org.widenet.model.DenseInputs;
import org.widenet.smooth.SmoothActivation;
import org.widenet.smooth.SmoothBlock;
import org.widenet.smooth.SmoothRecord;
import org.widenet.smooth.SmoothRegression;
import org.widenet.smooth.SmoothSettings;
import org.widenet.smooth.SmoothSpec;
import org.widenet.smooth.SmoothTrainResult;
import org.widenet.smooth.SmoothTrainer;
import org.widenet.softmax.SoftmaxBlock;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxReference;
import org.widenet.softmax.SoftmaxResult;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.softmax.SoftmaxTrainConfig;
import org.widenet.softmax.SoftmaxTrainer;
import org.widenet.spark.SparkEngine;
import org.widenet.spark.SparkLayerJobs;
import org.widenet.testutil.Problems;
import org.widenet.train.OptimizerKind;

/**
 * The five model families as the cluster tests train them: each {@link ClusterTraining}'s
 * run on the one Spark engine, {@link ClusterTraining#BLOCKS} blocks merged with fan-in
 * {@link ClusterTraining#FAN_IN}, block-file checkpoints every
 * {@link ClusterTraining#CHECKPOINT_EVERY} steps, {@link ClusterTraining#ITERATIONS} full-batch
 * iterations on the same 200 points, each task sized to about the relu2 run's 20 ms of CPU so
 * that an executor can be killed under it.
 *
 * <p>{@link #killAfter} and {@link #killDuring} are the iterations the executor-loss tests
 * disturb: one before the first checkpoint (lost blocks rebuilt from the seed and the logged
 * steps replayed) and one after it (rebuilt from the checkpoint's block files and the steps
 * since replayed), so each family other than relu2 goes through both rebuild paths
 * ({@link Rebuilds} checks which one was taken). relu2 keeps its original iterations 5 and 7
 * (both from block files).
 */
enum ClusterFamily {
  /** The original scenario: {@link ClusterTraining#train}, the model saved and read back. */
  RELU2("relu2", 5, 7) {
    @Override
    Run train(SparkSession spark, Path dir, IntConsumer afterIteration) {
      return ClusterTraining.train(spark, dir, r -> afterIteration.accept(r.iteration()));
    }
  },

  /**
   * The relu2 run on 200 points in 160-d ({@link ClusterTraining#wideData}), where its blocks
   * step in the span form: block files hold W(0) and A, and a rebuilt block recomputes Z(0),
   * X X^T and its masks.
   */
  RELU2_SPAN("relu2-span", 2, 8) {
    @Override
    Run train(SparkSession spark, Path dir, IntConsumer afterIteration) {
      return ClusterTraining.trainNetwork(Problems.relu2(24_000, 3), ClusterTraining.wideData(),
          spark, dir, r -> afterIteration.accept(r.iteration()));
    }
  },

  /** The relu2 run with exp(w.x) activations (24,000 neurons, unsymmetric). */
  EXP2("exp2", 2, 8) {
    @Override
    Run train(SparkSession spark, Path dir, IntConsumer afterIteration) {
      return ClusterTraining.trainNetwork(Problems.exp2(24_000, 3, false), spark, dir,
          r -> afterIteration.accept(r.iteration()));
    }
  },

  /**
   * softmax2, k = 3 outputs, 36,000 neurons, gd with the automatic rate (the Gram at t = 0):
   * the loss column, F(T) and every block's weights and signs.
   */
  SOFTMAX2("softmax2", 5, 2) {
    @Override
    Run train(SparkSession spark, Path dir, IntConsumer afterIteration) {
      Dataset data = ClusterTraining.data();
      int n = data.n();
      int d = data.d();
      SoftmaxSpec spec = new SoftmaxSpec(36_000, 3, 1.0, 3L, true);
      double[] y = SoftmaxReference.labels(n, spec.outputs(), 2L);
      SoftmaxTrainConfig config = new SoftmaxTrainConfig(ClusterTraining.ITERATIONS,
          Double.NaN, SoftmaxTrainConfig.DEFAULT_LR_CONSTANT, OptimizerKind.GD, 0.0, 0);
      long start = System.nanoTime();
      try (SparkEngine engine = new SparkEngine(ClusterTraining.context(spark),
          new SoftmaxFamily(spec), ClusterTraining.BLOCKS, new DenseInputs(data.x(), n, d),
          ClusterTraining.options(dir))) {
        SoftmaxResult r = new SoftmaxTrainer(spec, config, data.x(), y, n, d)
            .run(engine, record -> afterIteration.accept(record.iteration()), null, 0);
        Map<String, double[]> finals = new LinkedHashMap<>();
        finals.put("final outputs", r.finalOutputs());
        List<SoftmaxBlock> blocks = new ArrayList<>(engine.<SoftmaxBlock>blocks().collect());
        blocks.sort(Comparator.comparingInt(SoftmaxBlock::blockId));
        for (SoftmaxBlock b : blocks) {
          finals.put("weights of block " + b.blockId(), b.weights());
          finals.put("signs of block " + b.blockId(), b.signs());
        }
        return report(dir, start, engine, r.losses(), finals);
      }
    }
  },

  /**
   * smooth2 (softplus), k = 2 outputs, 24,000 neurons, gd with the Gram at t = 0, 6 and 12:
   * the loss and Gram columns, F(T) and every block's w and v.
   */
  SMOOTH2("smooth2", 2, 8) {
    @Override
    Run train(SparkSession spark, Path dir, IntConsumer afterIteration) {
      Dataset data = ClusterTraining.data();
      int n = data.n();
      int k = 2;
      Random rng = new Random(4);
      double[] y = new double[n * k];
      for (int i = 0; i < y.length; i++) {
        y[i] = rng.nextDouble() - 0.5;
      }
      SmoothSettings settings = SmoothSettings.defaults().withWidth(24_000)
          .withIterations(ClusterTraining.ITERATIONS).withActivation(SmoothActivation.SOFTPLUS)
          .withGramEvery(6).withBlocks(ClusterTraining.BLOCKS)
          .withListener(record -> afterIteration.accept(record.iteration()));
      SmoothSpec spec = settings.spec(data.d(), k);
      long start = System.nanoTime();
      try (SparkEngine engine = new SparkEngine(ClusterTraining.context(spark), spec,
          ClusterTraining.BLOCKS, new DenseInputs(data.x(), n, data.d()),
          ClusterTraining.options(dir))) {
        SmoothTrainResult r = new SmoothTrainer(spec, settings, data.x(), y, n).run(engine);
        Map<String, double[]> finals = new LinkedHashMap<>();
        finals.put("final outputs", r.outputs());
        List<SmoothRecord> records = r.records();
        finals.put("lambda_min column", column(records, SmoothRecord::lambdaMin));
        finals.put("lambda_max column", column(records, SmoothRecord::lambdaMax));
        finals.put("Gram drift column", column(records, SmoothRecord::gramDrift));
        finals.put("max move column", column(records, SmoothRecord::maxMove));
        for (SmoothBlock b : SmoothRegression.collectBlocks(engine)) {
          finals.put("w of block " + b.blockId(), b.w());
          finals.put("v of block " + b.blockId(), b.v());
        }
        return report(dir, start, engine, column(records, SmoothRecord::loss), finals);
      }
    }
  },

  /**
   * deep-last, depth 2 (the frozen layer computed once on the cluster by
   * {@link SparkLayerJobs}), 1,800 neurons, damped exact Gauss-Newton: the loss and the other
   * record columns, and every block's coefficients C_b.
   */
  DEEP_LAST("deep-last", 5, 2) {
    @Override
    Run train(SparkSession spark, Path dir, IntConsumer afterIteration) {
      Dataset data = ClusterTraining.data();
      DeepSpec spec = DeepSpec.withAlpha(data.d(), 1_800, 2, 0.1, 5);
      DeepFamily family = new DeepFamily(spec);
      DeepInputs in = deepInputs(ClusterTraining.context(spark), spec, data);
      DeepConfig config = new DeepConfig(ClusterTraining.ITERATIONS, GnMethod.EXACT, 0, 1.0,
          0.0, false, 1e-10, 500, 1);
      long start = System.nanoTime();
      try (SparkEngine engine = new SparkEngine(ClusterTraining.context(spark), family,
          ClusterTraining.BLOCKS, in, ClusterTraining.options(dir))) {
        List<DeepRecord> records = DeepTrainer.train(engine, in, data.y(), config,
            record -> afterIteration.accept(record.iteration())).records();
        Map<String, double[]> finals = new LinkedHashMap<>();
        finals.put("residual norm column", column(records, DeepRecord::residualNorm));
        finals.put("contraction column", column(records, DeepRecord::contraction));
        finals.put("lambda_min column", column(records, DeepRecord::lambdaMin));
        finals.put("row movement column", column(records, DeepRecord::rowMovement));
        finals.put("active fraction column", column(records, DeepRecord::activeFraction));
        List<DeepBlock> blocks = new ArrayList<>(engine.<DeepBlock>blocks().collect());
        blocks.sort(Comparator.comparingInt(DeepBlock::blockId));
        for (DeepBlock b : blocks) {
          finals.put("coefficients of block " + b.blockId(), b.coefficients());
        }
        return report(dir, start, engine, column(records, DeepRecord::loss), finals);
      }
    }
  };

  private static DeepInputs deepInputs;

  final String cliName;
  final int killAfter;
  final int killDuring;

  ClusterFamily(String cliName, int killAfter, int killDuring) {
    this.cliName = cliName;
    this.killAfter = killAfter;
    this.killDuring = killDuring;
  }

  /**
   * Trains this family's run on {@code spark} with checkpoints under {@code dir}.
   *
   * @param afterIteration called with t after iteration t's record (may kill things)
   */
  abstract Run train(SparkSession spark, Path dir, IntConsumer afterIteration);

  @Override
  public String toString() {
    return cliName;
  }

  /** V of the deep-last run, computed on the cluster once (before anything is killed). */
  private static synchronized DeepInputs deepInputs(JavaSparkContext jsc, DeepSpec spec,
      Dataset data) {
    if (deepInputs == null) {
      deepInputs = new DeepInputs(SparkLayerJobs.run(jsc, spec, ClusterTraining.BLOCKS,
          LayerPass.inputs(data.n(), data.d(), data.x())).v());
    }
    return deepInputs;
  }

  private static <R> double[] column(List<R> records, ToDoubleFunction<R> field) {
    return records.stream().mapToDouble(field).toArray();
  }

  private static Run report(Path dir, long start, SparkEngine engine, double[] losses,
      Map<String, double[]> finals) {
    System.out.printf("cluster run %s: trained in %.1f s, last checkpoint %s, losses %s%n",
        dir, (System.nanoTime() - start) / 1e9, engine.lastCheckpointFile()
            .map(f -> f.substring(f.lastIndexOf('/') + 1)).orElse("none"),
        java.util.Arrays.toString(losses));
    return new Run(losses, null, finals);
  }
}
