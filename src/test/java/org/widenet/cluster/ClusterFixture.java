package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.spark.SparkSessions;

/**
 * What every cluster integration test needs to run a real multi-JVM Spark cluster on
 * 127.0.0.1 from the test classpath (no Spark distribution): the driver's SparkConf, the
 * environment and JVM flags of the processes it starts (Master, Workers, or a widenet driver
 * running {@code org.widenet.cli.Main}), and finding and killing executor JVMs.
 *
 * <p>The test JVM itself gets the same environment from the POM (Surefire and Failsafe share
 * it): SPARK_HOME, SPARK_SCALA_VERSION, SPARK_LOCAL_IP, SPARK_LOCAL_DIRS, OPENBLAS_NUM_THREADS.
 * Every path lives under {@code target/}; nothing binds beyond loopback.
 */
public final class ClusterFixture {
  /** Two executor JVMs of one core and 1 GiB each; Master and Workers inside the driver. */
  public static final String LOCAL_CLUSTER = "local-cluster[2,1,1024]";

  /** The flags Spark 4 needs on Java 17 (as in the POM and scripts/widenet). */
  public static final List<String> JVM_OPENS = List.of(
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      // The Vector API BLAS where no native BLAS is installed: the driver, the executors and
      // a local reference run must all pick the same BLAS for results to be bit-identical.
      "--add-modules=jdk.incubator.vector");

  private static final Duration STARTUP = Duration.ofSeconds(90);

  private ClusterFixture() {}

  /** The build folder (Maven runs the tests in the project directory). */
  public static Path target() {
    return Path.of("target").toAbsolutePath();
  }

  /** target/tmp: java.io.tmpdir and SPARK_LOCAL_DIRS of every JVM, so kills leave /tmp clean. */
  public static Path tmpDir() {
    return createDirectories(target().resolve("tmp"));
  }

  /**
   * target/spark-home, with an empty jars/ folder: Spark's launcher wants one, and the
   * executors take their classpath from spark.executor.extraClassPath instead.
   */
  public static Path sparkHome() {
    Path home = target().resolve("spark-home");
    createDirectories(home.resolve("jars"));
    return home;
  }

  /** A fresh, empty folder target/cluster-it/NAME for one test's logs and work dirs. */
  public static Path freshDir(String name) {
    Path dir = target().resolve("cluster-it").resolve(name);
    deleteRecursively(dir);
    return createDirectories(dir);
  }

  /** The test classpath: Surefire and Failsafe both set surefire.test.class.path. */
  public static String testClassPath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }

  /** The java binary this test JVM runs on. */
  public static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The environment of every JVM the tests start (Spark reads these, not system properties). */
  public static Map<String, String> environment() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SPARK_HOME", sparkHome().toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", tmpDir().toString());
    env.put("OPENBLAS_NUM_THREADS", "1");
    return env;
  }

  /** JVM options of the executors: the temp folder and the BLAS module (Spark adds opens). */
  public static String executorJavaOptions() {
    return "-Djava.io.tmpdir=" + tmpDir() + " --add-modules=jdk.incubator.vector";
  }

  /**
   * A JVM on the test classpath with {@link #JVM_OPENS}, java.io.tmpdir in target/tmp and
   * {@link #environment()}; the caller adds redirects and starts it.
   *
   * @param jvmOptions extra options before the main class (-Xmx, -D...)
   */
  public static ProcessBuilder javaProcess(List<String> jvmOptions, String mainClass,
      List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(JVM_OPENS);
    command.add("-Djava.io.tmpdir=" + tmpDir());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(testClassPath());
    command.add(mainClass);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment());
    return builder;
  }

  /**
   * A widenet driver as its own process: {@code java ... org.widenet.cli.Main ARGS}, set up so
   * that {@code --master local-cluster[...]} or {@code --master spark://127.0.0.1:PORT} works
   * (executors get the test classpath; the driver binds to loopback). Redirect its output and
   * start it; {@link #destroyTree} stops it.
   */
  public static ProcessBuilder widenetProcess(List<String> args) {
    List<String> options = List.of(
        "-Xmx1g",
        "-Dspark.executor.extraClassPath=" + testClassPath(),
        "-Dspark.executor.extraJavaOptions=" + executorJavaOptions(),
        "-Dspark.driver.host=127.0.0.1",
        "-Dspark.driver.bindAddress=127.0.0.1",
        "-Dspark.home=" + sparkHome());
    return javaProcess(options, "org.widenet.cli.Main", args);
  }

  /**
   * The driver settings for a cluster test in this JVM: loopback, no UI, executors on the test
   * classpath with java.io.tmpdir in target/tmp, widenet's Kryo settings with registration
   * required, no delay scheduling.
   */
  public static SparkConf conf(String master, String appName) {
    SparkConf conf = new SparkConf()
        .setMaster(master)
        .setAppName(appName)
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.home", sparkHome().toString())
        .set("spark.executor.extraClassPath", testClassPath())
        .set("spark.executor.extraJavaOptions", executorJavaOptions())
        .set("spark.kryo.registrationRequired", "true")
        // Every executor is on this host: waiting up to 3 s for the one that cached a block
        // (delay scheduling) only stalls the iterations after a kill.
        .set("spark.locality.wait", "0s");
    SparkSessions.applyDefaults(conf);
    return conf;
  }

  /** Starts a session on {@code conf} and waits until {@code executors} executors are up. */
  public static SparkSession startSession(SparkConf conf, int executors) {
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    awaitExecutors(spark.sparkContext(), executors);
    return spark;
  }

  /** Waits until exactly {@code executors} executors (the driver not counted) are registered. */
  public static void awaitExecutors(SparkContext sc, int executors) {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (sc.getExecutorMemoryStatus().size() - 1 != executors) {
      if (System.nanoTime() > deadline) {
        fail("expected " + executors + " executors, have "
            + (sc.getExecutorMemoryStatus().size() - 1) + " after " + STARTUP);
      }
      sleep(100);
    }
  }

  /** The executor JVMs of application {@code appId} on this machine. */
  public static List<ProcessHandle> executorProcesses(String appId) {
    return ProcessHandle.allProcesses()
        .filter(p -> {
          String c = commandLine(p);
          return c.contains("CoarseGrainedExecutorBackend") && c.contains(" " + appId + " ");
        })
        .toList();
  }

  /** The JVM of executor {@code executorId} of application {@code appId}. */
  public static ProcessHandle executorProcess(String appId, String executorId) {
    return executorProcesses(appId).stream()
        .filter(p -> commandLine(p).contains(" --executor-id " + executorId + " "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no JVM for executor " + executorId + " of "
            + appId));
  }

  /** SIGKILL (kill -9) to each process, then waits until they are gone. */
  public static void kill(List<ProcessHandle> processes) {
    processes.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while killing " + p.pid(), e);
      } catch (ExecutionException | TimeoutException e) {
        throw new AssertionError("process " + p.pid() + " survived SIGKILL", e);
      }
    }
    processes.forEach(p -> assertTrue(!p.isAlive(), "process " + p.pid() + " is dead"));
  }

  /** Kills a process and everything it started (its descendants are collected first). */
  public static void destroyTree(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
    all.add(root);
    try {
      kill(all.stream().filter(ProcessHandle::isAlive).toList());
    } catch (AssertionError e) {
      // Best effort in clean-up: report, do not mask the test's own failure.
      System.err.println("cluster clean-up: " + e.getMessage());
    }
  }

  /** The full command line (Linux /proc; ProcessHandle.Info may truncate long ones). */
  public static String commandLine(ProcessHandle p) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return p.info().commandLine().orElse("");
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
