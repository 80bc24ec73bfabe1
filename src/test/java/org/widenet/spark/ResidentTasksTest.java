package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.model.DenseInputs;
import org.widenet.model.NetworkSpec;
import org.widenet.softmax.SoftmaxFamily;
import org.widenet.softmax.SoftmaxReference;
import org.widenet.softmax.SoftmaxResult;
import org.widenet.softmax.SoftmaxSpec;
import org.widenet.softmax.SoftmaxTrainConfig;
import org.widenet.softmax.SoftmaxTrainer;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;
import org.widenet.testutil.SparkFixture;
import org.widenet.train.IterationRecord;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingListener;

/**
 * Resident block tasks ({@code spark.widenet.residentTasks}) take the engine's steps with the
 * bits of one job per step: for relu2 GD with its Gram passes and for softmax2 (whose read-only
 * jobs stop and start the tasks every iteration), when a Gram share is over the limit, when
 * blocks are lost between steps, when another Spark job needs the cores, and when there are more
 * blocks than task slots (local[4] here).
 */
class ResidentTasksTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() {
    // Four task slots, so that four blocks (whose merge order shows in the bits) run resident.
    spark = SparkFixture.start("local[4]");
    jsc = SparkFixture.context(spark);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  /** What one relu2 run gives: its records, and how many steps ran on resident tasks. */
  private record Relu2Run(List<IterationRecord> records, long residentSteps) {}

  /**
   * 12 GD steps of relu2 on {@code blocks} blocks; {@code disturb} runs after every iteration
   * with the engine and the iteration.
   */
  private static Relu2Run relu2(boolean resident, int blocks,
      BiConsumer<SparkEngine, Integer> disturb) {
    Dataset data = Problems.sphere(30, 6, "random", 5);
    NetworkSpec spec = Problems.relu2(600, 9);
    // Records (with the Gram share) every 4th iteration: the other steps run resident.
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, 0.5, 1e-10, 12, 4, blocks);
    jsc.setLocalProperty(ResidentTasks.ENABLED, Boolean.toString(resident));
    try (SparkEngine engine = new SparkEngine(jsc, spec, blocks, data.x(), data.n(), data.d(),
        SparkEngine.Options.defaults())) {
      RecordingListener rec = new RecordingListener();
      TrainingListener listener = TrainingListener.both(rec,
          record -> disturb.accept(engine, record.iteration()));
      new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, listener);
      return new Relu2Run(rec.records, engine.residentSteps());
    } finally {
      jsc.setLocalProperty(ResidentTasks.ENABLED, null);
    }
  }

  private static void assertSameBits(List<IterationRecord> expected,
      List<IterationRecord> actual) {
    assertEquals(expected.size(), actual.size());
    for (int t = 0; t < expected.size(); t++) {
      IterationRecord e = expected.get(t);
      IterationRecord a = actual.get(t);
      String at = "iteration " + e.iteration();
      assertEquals(e.iteration(), a.iteration(), at);
      assertEquals(e.loss(), a.loss(), 0.0, at);
      assertEquals(e.maxMove(), a.maxMove(), 0.0, at);
      assertEquals(e.froMove(), a.froMove(), 0.0, at);
      assertEquals(e.patternChange(), a.patternChange(), 0.0, at);
      assertEquals(e.lambdaMin(), a.lambdaMin(), 0.0, at);
      assertEquals(e.gramDrift(), a.gramDrift(), 0.0, at);
    }
  }

  @Test
  void relu2StepsOnResidentTasksHaveTheBitsOfOneJobPerStep() {
    Relu2Run jobs = relu2(false, 4, (e, t) -> { });
    assertEquals(0, jobs.residentSteps());
    Relu2Run resident = relu2(true, 4, (e, t) -> { });
    // Every pass: the first (t = 0, with the initial Gram) and the 12 steps, the 3 that record
    // the Gram (t = 4, 8, 12) included.
    assertEquals(13, resident.residentSteps(), "passes on resident tasks");
    assertSameBits(jobs.records(), resident.records());
  }

  @Test
  void aGramShareOverTheLimitSendsGramPassesToJobsAndKeepsTheOtherSteps() {
    Relu2Run jobs = relu2(false, 4, (e, t) -> { });
    // n = 30: a packed Gram share is 465 doubles, over a limit of 1 KiB. The first Gram pass
    // (t = 0) is computed on the tasks, found too large and collected by a job; the later
    // Gram passes (t = 4, 8, 12) run as jobs; the other 9 steps stay on the tasks.
    jsc.setLocalProperty(ResidentTasks.MAX_GRAM_SHARE, "1024");
    Relu2Run limited;
    try {
      limited = relu2(true, 4, (e, t) -> { });
    } finally {
      jsc.setLocalProperty(ResidentTasks.MAX_GRAM_SHARE, null);
    }
    assertEquals(9, limited.residentSteps(), "steps on resident tasks");
    assertSameBits(jobs.records(), limited.records());
  }

  @Test
  void aGramShareLimitThatIsNoByteCountIsRefusedBeforeTraining() {
    for (String bad : new String[] {"-1", "4k", ""}) {
      jsc.setLocalProperty(ResidentTasks.MAX_GRAM_SHARE, bad);
      int cached = jsc.sc().getPersistentRDDs().size();
      try {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> relu2(true, 4, (engine, t) -> { }));
        assertTrue(e.getMessage().contains(ResidentTasks.MAX_GRAM_SHARE)
            && e.getMessage().contains("\"" + bad + "\""), e.getMessage());
        // Refused before the engine cached its blocks: nothing is left behind.
        assertEquals(cached, jsc.sc().getPersistentRDDs().size());
      } finally {
        jsc.setLocalProperty(ResidentTasks.MAX_GRAM_SHARE, null);
      }
    }
  }

  @Test
  void blocksLostBetweenStepsAreRebuiltToTheSameBits() {
    Relu2Run jobs = relu2(false, 4, (e, t) -> { });
    // The next resident step finds its blocks behind, fails, and runs as a job that rebuilds
    // them by replay; the steps after run resident again.
    Relu2Run lost = relu2(true, 4, (e, t) -> {
      if (t == 2 || t == 5) {
        e.dropCachedBlocks();
      }
    });
    assertSameBits(jobs.records(), lost.records());
    assertEquals(11, lost.residentSteps(), "two steps ran as jobs after the losses");
  }

  @Test
  void anotherSparkJobEndsTheTasksInsteadOfWaitingForTheirCores() {
    Relu2Run jobs = relu2(false, 4, (e, t) -> { });
    // local[4] and four blocks: the resident tasks hold every task slot. A job started by someone
    // else (here, between steps) would wait forever if they kept them.
    Relu2Run shared = assertTimeoutPreemptively(Duration.ofSeconds(120), () ->
        relu2(true, 4, (e, t) -> {
          if (t == 3 || t == 6) {
            assertEquals(4L, jsc.parallelize(List.of(1, 2, 3, 4), 2).count());
          }
        }));
    assertSameBits(jobs.records(), shared.records());
    assertTrue(shared.residentSteps() >= 6, "steps on resident tasks: "
        + shared.residentSteps());
  }

  @Test
  void cancellingTheTasksJobStopsTrainingAsCancellingAStepJobWould() {
    // Between steps the resident tasks' job is the running job: cancelling every job (a
    // notebook's stop button) fails the next step, with a message that says so, and nothing
    // hangs; the engine closes.
    IllegalStateException e = assertTimeoutPreemptively(Duration.ofSeconds(120), () ->
        assertThrows(IllegalStateException.class, () -> relu2(true, 4, (engine, t) -> {
          if (t == 5) { // step 6 runs resident
            jsc.cancelAllJobs();
            awaitNoActiveJob();
          }
        })));
    assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
    // The context stays usable for the next run.
    assertEquals(13, relu2(true, 4, (engine, t) -> { }).residentSteps());
  }

  /** Spark cancels on its scheduler thread: waits until it has (at most 10 s). */
  private static void awaitNoActiveJob() {
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (jsc.statusTracker().getActiveJobIds().length > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Test
  void moreBlocksThanTaskSlotsRunOneJobPerStep() {
    Relu2Run jobs = relu2(false, 5, (e, t) -> { });
    Relu2Run asked = relu2(true, 5, (e, t) -> { });
    assertEquals(0, asked.residentSteps(), "5 blocks, 4 task slots");
    assertSameBits(jobs.records(), asked.records());
  }

  @Test
  void softmax2StepsOnResidentTasksHaveTheBitsOfOneJobPerStep() {
    int n = 9;
    int d = 4;
    double[] x = SoftmaxReference.inputs(n, d, 1L);
    double[] y = SoftmaxReference.labels(n, 3, 2L);
    SoftmaxSpec spec = new SoftmaxSpec(48, 3, 1.0, 3L, true);
    SoftmaxResult[] runs = new SoftmaxResult[2];
    long[] residentSteps = new long[2];
    for (int r = 0; r < 2; r++) {
      jsc.setLocalProperty(ResidentTasks.ENABLED, Boolean.toString(r == 1));
      try (SparkEngine engine = new SparkEngine(jsc, new SoftmaxFamily(spec), 4,
          new DenseInputs(x, n, d), SparkEngine.Options.defaults())) {
        SoftmaxTrainConfig config = new SoftmaxTrainConfig(6, Double.NaN, 0.5,
            OptimizerKind.GD, 0.0, 3);
        runs[r] = new SoftmaxTrainer(spec, config, x, y, n, d).run(engine, null, null, 0);
        residentSteps[r] = engine.residentSteps();
      } finally {
        jsc.setLocalProperty(ResidentTasks.ENABLED, null);
      }
    }
    assertEquals(0, residentSteps[0]);
    assertTrue(residentSteps[1] > 0, "steps on resident tasks: " + residentSteps[1]);
    assertArrayEquals(runs[0].losses(), runs[1].losses(), 0.0);
  }
}
