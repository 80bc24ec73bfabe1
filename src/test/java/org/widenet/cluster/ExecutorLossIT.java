package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.widenet.cluster.ClusterTraining.Run;

/**
 * A real multi-JVM cluster ({@code local-cluster[2,1,1024]}: the executors are separate
 * JVMs): one executor JVM is killed with SIGKILL in the middle of training, once between two
 * iterations and once while an iteration's job is running, and the loss column and the final
 * weights (and outputs) must be bit-identical to an undisturbed run of the same family on the
 * same cluster; for each of the five families ({@link ClusterFamily}). Lost blocks are rebuilt
 * from the seed or the last checkpoint's block files and the logged steps replayed, lost
 * partial sums are recomputed, and the driver sums partials in block order, so nothing depends
 * on which executor ran what.
 */
class ExecutorLossIT {
  private static SparkSession spark;
  private static String appId;
  private static Path dir;
  private static final Map<ClusterFamily, Run> UNDISTURBED = new EnumMap<>(ClusterFamily.class);

  @BeforeAll
  static void start() {
    dir = ClusterFixture.freshDir("executor-loss");
    spark = ClusterFixture.startSession(
        ClusterFixture.conf(ClusterFixture.LOCAL_CLUSTER, "widenet-executor-loss"), 2);
    appId = spark.sparkContext().applicationId();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
      // An executor that outlived the context (it should not) must not outlive the test.
      ClusterFixture.executorProcesses(appId).forEach(ClusterFixture::destroyTree);
    }
  }

  /** The family's reference run, trained once per class on the same cluster, nothing killed. */
  private static synchronized Run undisturbed(ClusterFamily family) {
    return UNDISTURBED.computeIfAbsent(family, f -> {
      ClusterFixture.awaitExecutors(spark.sparkContext(), 2);
      return f.train(spark, runDir(f, "undisturbed"), t -> {});
    });
  }

  private static Path runDir(ClusterFamily family, String run) {
    // relu2 keeps its original folders.
    return family == ClusterFamily.RELU2 ? dir.resolve(run) : dir.resolve(family.cliName)
        .resolve(run);
  }

  @ParameterizedTest
  @EnumSource(ClusterFamily.class)
  void killingAnExecutorBetweenIterationsChangesNothing(ClusterFamily family) {
    Run expected = undisturbed(family);
    ClusterFixture.awaitExecutors(spark.sparkContext(), 2);
    List<ProcessHandle> executors = ClusterFixture.executorProcesses(appId);
    assertEquals(2, executors.size(), "two executor JVMs of " + appId);
    int k = family.killAfter;
    Run disturbed;
    try (Rebuilds rebuilds = new Rebuilds()) {
      disturbed = family.train(spark, runDir(family, "kill-after-" + k), t -> {
        if (t == k) {
          ClusterFixture.kill(List.of(executors.get(0)));
        }
      });
      ClusterTraining.assertIdentical(family, expected, disturbed);
      rebuilds.assertRebuiltFrom(k, ClusterTraining.CHECKPOINT_EVERY, family + ", kill after "
          + k);
    }
  }

  @ParameterizedTest
  @EnumSource(ClusterFamily.class)
  void killingAnExecutorDuringAnIterationChangesNothing(ClusterFamily family) {
    Run expected = undisturbed(family);
    ClusterFixture.awaitExecutors(spark.sparkContext(), 2);
    int k = family.killDuring;
    KillDuringIteration killer = new KillDuringIteration(
        ClusterTraining.context(spark), k,
        executor -> ClusterFixture.kill(List.of(ClusterFixture.executorProcess(appId, executor))));
    spark.sparkContext().addSparkListener(killer);
    Run disturbed;
    try (Rebuilds rebuilds = new Rebuilds()) {
      try {
        disturbed = family.train(spark, runDir(family, "kill-during-" + k),
            killer::afterIteration);
        killer.assertKilledInFlight();
      } finally {
        killer.clearTag();
        spark.sparkContext().removeSparkListener(killer);
      }
      System.out.println("ExecutorLossIT: " + family + ": killed executor "
          + killer.killedExecutor() + " during iteration " + k + "; Spark redid "
          + killer.recoveries());
      ClusterTraining.assertIdentical(family, expected, disturbed);
      // Iteration k's step is what the interrupted job applies: k - 1 steps were applied.
      rebuilds.assertRebuiltFrom(k - 1, ClusterTraining.CHECKPOINT_EVERY, family
          + ", kill during " + k);
    }
  }
}
