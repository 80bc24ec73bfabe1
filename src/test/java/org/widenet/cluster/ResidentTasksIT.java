package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.widenet.bench.TrafficMeter;
import org.widenet.data.Dataset;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.spark.ResidentTraffic;
import org.widenet.spark.SparkEngine;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;
import org.widenet.train.TrainingListener;

/**
 * Resident block tasks ({@code spark.widenet.residentTasks}) on a real multi-JVM cluster
 * ({@code local-cluster[2,2,1024]}: two executor JVMs of two cores, four blocks): steps and
 * shares cross JVMs over Spark's RPC, checkpoints every 3 steps end and restart the tasks, and
 * the losses and final weights are bit for bit those of one job per step; also when an
 * executor JVM is killed with SIGKILL between two steps while the resident tasks wait on it.
 */
class ResidentTasksIT {
  private static final String ENABLED = "spark.widenet.residentTasks";
  private static final int BLOCKS = 4;
  private static final int ITERATIONS = 12;
  private static final Dataset DATA = Problems.sphere(200, 6, "random", 7);
  private static final NetworkSpec SPEC = Problems.relu2(8_000, 3);

  private static SparkSession spark;
  private static JavaSparkContext jsc;
  private static String appId;
  private static Path dir;
  private static final AtomicLong RESIDENT_STEPS = new AtomicLong();

  @BeforeAll
  static void start() {
    dir = ClusterFixture.freshDir("resident-tasks");
    spark = ClusterFixture.startSession(
        ClusterFixture.conf("local-cluster[2,2,1024]", "widenet-resident-tasks"), 2);
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    appId = spark.sparkContext().applicationId();
    spark.sparkContext().addSparkListener(new SparkListener() {
      @Override
      public void onOtherEvent(SparkListenerEvent event) {
        if (event instanceof ResidentTraffic) {
          RESIDENT_STEPS.incrementAndGet();
        }
      }
    });
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
      ClusterFixture.executorProcesses(appId).forEach(ClusterFixture::destroyTree);
    }
  }

  /** The losses and final blocks of one run, and how many of its steps ran resident. */
  private record Run(double[] losses, List<NeuronBlock> blocks, long residentSteps) {}

  private static Run train(boolean resident, String name, TrainingListener extra) {
    ClusterFixture.awaitExecutors(spark.sparkContext(), 2);
    // Gram and records only at the start and the end (resident too, the shares being small).
    TrainConfig config = new TrainConfig(SPEC, OptimizerKind.GD, TrainConfig.AUTO, 0,
        ITERATIONS, ITERATIONS, BLOCKS);
    SparkEngine.Options options = new SparkEngine.Options(
        dir.resolve(name).resolve("checkpoints").toUri().toString(), 3, 16);
    RecordingListener rec = new RecordingListener();
    TrainingListener listener = TrainingListener.both(rec, extra);
    TrafficMeter.drain(spark.sparkContext());
    long before = RESIDENT_STEPS.get();
    jsc.setLocalProperty(ENABLED, Boolean.toString(resident));
    try (SparkEngine engine = new SparkEngine(jsc, SPEC, BLOCKS, DATA.x(), DATA.n(),
        DATA.d(), options)) {
      new Trainer(config, DATA.x(), DATA.y(), DATA.n(), DATA.d()).run(engine, listener);
      List<NeuronBlock> blocks = new ArrayList<>(engine.<NeuronBlock>blocks().collect());
      blocks.sort(Comparator.comparingInt(NeuronBlock::blockId));
      TrafficMeter.drain(spark.sparkContext());
      return new Run(rec.losses(), blocks, RESIDENT_STEPS.get() - before);
    } finally {
      jsc.setLocalProperty(ENABLED, null);
    }
  }

  private static void assertIdentical(Run expected, Run actual) {
    assertEquals(ITERATIONS + 1, expected.losses().length);
    assertArrayEquals(expected.losses(), actual.losses(), "loss column");
    assertEquals(BLOCKS, actual.blocks().size());
    for (int b = 0; b < BLOCKS; b++) {
      assertArrayEquals(expected.blocks().get(b).weights(), actual.blocks().get(b).weights(),
          "input weights of block " + b);
      assertArrayEquals(expected.blocks().get(b).outputWeights(),
          actual.blocks().get(b).outputWeights(), "output weights of block " + b);
    }
  }

  @Test
  void residentStepsAcrossJvmsHaveTheBitsOfOneJobPerStep() {
    Run jobs = train(false, "jobs", r -> { });
    assertEquals(0, jobs.residentSteps());
    Run resident = train(true, "resident", r -> { });
    // Every pass: the first with the Gram, steps 1..11, and step 12 with the Gram; the
    // checkpoints after steps 3, 6, 9 end the tasks, and the next step starts them again.
    assertEquals(ITERATIONS + 1, resident.residentSteps(), "passes on resident tasks");
    assertIdentical(jobs, resident);
  }

  @Test
  void killingAnExecutorUnderResidentTasksChangesNothing() {
    Run jobs = train(false, "jobs-before-kill", r -> { });
    List<ProcessHandle> executors = ClusterFixture.executorProcesses(appId);
    assertEquals(2, executors.size(), "two executor JVMs of " + appId);
    // After iteration 4 the resident tasks (started for step 4) wait for step 5's command.
    Run killed = train(true, "kill-after-4", r -> {
      if (r.iteration() == 4) {
        ClusterFixture.kill(List.of(executors.get(0)));
      }
    });
    assertIdentical(jobs, killed);
    assertTrue(killed.residentSteps() >= 5, "resident passes before the kill, at least: "
        + killed.residentSteps());
    System.out.println("ResidentTasksIT: " + killed.residentSteps() + " of " + (ITERATIONS + 1)
        + " passes resident with an executor killed after step 4");
  }
}
