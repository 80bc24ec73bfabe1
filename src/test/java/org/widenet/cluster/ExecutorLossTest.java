package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.data.Dataset;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.spark.SparkEngine;
import org.widenet.spark.SparkSessions;
import org.widenet.testutil.Problems;
import org.widenet.testutil.RecordingListener;
import org.widenet.train.OptimizerKind;
import org.widenet.train.TrainConfig;
import org.widenet.train.Trainer;

/**
 * A real multi-JVM cluster (local-cluster: executors are separate JVMs): one executor is
 * killed with SIGKILL in the middle of training, and the loss curve and the trained weights
 * must be byte-identical to an undisturbed run. Lost blocks are rebuilt from the last
 * checkpoint and the lineage of broadcast steps; nothing depends on which executor ran what.
 */
class ExecutorLossTest {
  private static SparkSession spark;
  private static JavaSparkContext jsc;

  @BeforeAll
  static void start() throws Exception {
    Path sparkHome = Path.of("target", "spark-home");
    Files.createDirectories(sparkHome.resolve("jars"));
    SparkConf conf = new SparkConf()
        .setMaster("local-cluster[2,1,1024]")
        .setAppName("widenet-executor-loss")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.home", sparkHome.toAbsolutePath().toString())
        .set("spark.executor.extraClassPath", System.getProperty("surefire.test.class.path",
            System.getProperty("java.class.path")))
        .set("spark.executor.extraJavaOptions", "-Djava.io.tmpdir="
            + Path.of("target", "tmp").toAbsolutePath())
        .set("spark.kryo.registrationRequired", "true");
    SparkSessions.applyDefaults(conf);
    spark = SparkSession.builder().config(conf).getOrCreate();
    jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Wait for both executors (the driver counts as one entry).
    long deadline = System.currentTimeMillis() + 60_000;
    while (spark.sparkContext().getExecutorMemoryStatus().size() < 3) {
      assertTrue(System.currentTimeMillis() < deadline, "executors did not start");
      Thread.sleep(200);
    }
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private record Run(double[] losses, List<NeuronBlock> blocks) {}

  private static Run train(Path checkpoints, int killAfter) {
    Dataset data = Problems.sphere(40, 6, "random", 7);
    NetworkSpec spec = Problems.relu2(2000, 3);
    TrainConfig config = new TrainConfig(spec, OptimizerKind.GD, 0.5, 0, 12, 4, 4);
    RecordingListener rec = new RecordingListener();
    org.widenet.train.TrainingListener listener = record -> {
      rec.onIteration(record);
      if (record.iteration() == killAfter) {
        killOneExecutor();
      }
    };
    try (SparkEngine engine = new SparkEngine(jsc, spec, 4, data.x(), data.n(), data.d(),
        new SparkEngine.Options(checkpoints.toString(), 3, 16))) {
      new Trainer(config, data.x(), data.y(), data.n(), data.d()).run(engine, listener);
      List<NeuronBlock> blocks = new java.util.ArrayList<>(engine.blocks().collect());
      blocks.sort(Comparator.comparingInt(NeuronBlock::blockId));
      return new Run(rec.losses(), blocks);
    }
  }

  /** SIGKILL to one executor JVM of this application. */
  private static void killOneExecutor() {
    String app = spark.sparkContext().applicationId();
    Optional<ProcessHandle> executor = ProcessHandle.allProcesses()
        .filter(p -> {
          String c = commandLine(p);
          return c.contains("CoarseGrainedExecutorBackend") && c.contains(app);
        })
        .findFirst();
    assertTrue(executor.isPresent(), "found an executor of " + app);
    assertTrue(executor.get().destroyForcibly(), "killed the executor");
  }

  /** The full command line (Linux /proc; ProcessHandle.Info may truncate long ones). */
  private static String commandLine(ProcessHandle p) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline"));
      return new String(raw, java.nio.charset.StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (java.io.IOException | RuntimeException e) {
      return p.info().commandLine().orElse("");
    }
  }

  @Test
  void killingAnExecutorMidTrainingChangesNothing(@TempDir Path dir) {
    Run undisturbed = train(dir.resolve("a"), -1);
    Run disturbed = train(dir.resolve("b"), 5);
    assertArrayEquals(undisturbed.losses(), disturbed.losses(), 0.0, "loss curve");
    assertEquals(undisturbed.blocks().size(), disturbed.blocks().size());
    for (int b = 0; b < undisturbed.blocks().size(); b++) {
      assertArrayEquals(undisturbed.blocks().get(b).weights(),
          disturbed.blocks().get(b).weights(), 0.0, "weights of block " + b);
    }
  }
}
