package org.widenet.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster of separate processes on 127.0.0.1: one Master and N Workers,
 * each {@code java -cp <test classpath> org.apache.spark.deploy...}, every port (RPC and web
 * UI) chosen by the OS. Logs and work dirs go to the folder given; the executors a Worker
 * launches are its child processes.
 *
 * <p>Readiness is read from the logs, not from open ports: the Master's port opens before it
 * is elected leader, and a Worker that registers earlier is dropped and retries only after
 * about 20 s. {@link #close()} kills every process and its descendants; a shutdown hook does
 * the same if the test JVM exits first.
 */
public final class StandaloneCluster implements AutoCloseable {
  private static final Duration STARTUP = Duration.ofSeconds(90);
  private static final Pattern MASTER_URL =
      Pattern.compile("Starting Spark master at (spark://127\\.0\\.0\\.1:\\d+)");
  private static final Pattern LEADER = Pattern.compile("I have been elected leader");
  private static final Pattern REGISTERED = Pattern.compile("Successfully registered with master");

  private final Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::destroyAll, "standalone-cluster-cleanup");
  private String masterUrl;

  /** Starts nothing yet; {@link #start} does. Assign the result before starting so that an
   * {@code @AfterAll} can close a half-started cluster. */
  public StandaloneCluster(Path dir) {
    this.dir = dir;
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts the Master, waits until it is leader, then starts the Workers and waits until each
   * has registered.
   *
   * @param memoryPerWorker e.g. "1g": what the Worker offers its executors
   */
  public StandaloneCluster start(int workerCount, int coresPerWorker, String memoryPerWorker) {
    Path masterLog = dir.resolve("master.log");
    launch(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", "0", "--webui-port", "0"), masterLog);
    Matcher url = awaitLog(masterLog, MASTER_URL, processes.get(0));
    masterUrl = url.group(1);
    awaitLog(masterLog, LEADER, processes.get(0));
    for (int i = 0; i < workerCount; i++) {
      Path workDir = dir.resolve("worker-" + i);
      try {
        Files.createDirectories(workDir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      workers.add(launch(List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--port", "0", "--webui-port", "0", "--cores", String.valueOf(coresPerWorker),
          "--memory", memoryPerWorker, "--work-dir", workDir.toString(), masterUrl),
          workerLog(i)));
    }
    for (int i = 0; i < workerCount; i++) {
      awaitLog(workerLog(i), REGISTERED, workers.get(i));
    }
    return this;
  }

  /** spark://127.0.0.1:PORT */
  public String masterUrl() {
    return masterUrl;
  }

  /** Worker i's process (0-based, in start order). */
  public Process worker(int i) {
    return workers.get(i);
  }

  /** The index of the Worker that launched this executor JVM (its parent). */
  public int workerOf(ProcessHandle executor) {
    for (int i = 0; i < workers.size(); i++) {
      long pid = workers.get(i).pid();
      if (executor.parent().map(p -> p.pid() == pid).orElse(false)) {
        return i;
      }
    }
    throw new AssertionError("executor " + executor.pid() + " belongs to no worker of "
        + masterUrl);
  }

  /**
   * kill -9 of Worker i and of the executor JVMs it launched, all at once, as when a machine
   * dies. Returns the killed processes (the Worker last).
   */
  public List<ProcessHandle> killWorker(int i) {
    ProcessHandle worker = workers.get(i).toHandle();
    List<ProcessHandle> killed = new ArrayList<>(worker.descendants().toList());
    killed.add(worker);
    ClusterFixture.kill(killed);
    return killed;
  }

  /** Kills every process of the cluster and what it started (executors). */
  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down; the hook runs anyway.
    }
  }

  private synchronized void destroyAll() {
    // Workers first (with their executors), then the Master.
    for (int i = processes.size() - 1; i >= 0; i--) {
      ClusterFixture.destroyTree(processes.get(i).toHandle());
    }
  }

  private Path workerLog(int i) {
    return dir.resolve("worker-" + i + ".log");
  }

  private synchronized Process launch(List<String> mainAndArgs, Path log) {
    ProcessBuilder builder = ClusterFixture.javaProcess(List.of("-Xmx256m",
        // INFO level: readiness is read from the log (the test classpath's config says WARN).
        "-Dlog4j2.configurationFile=" + resource("log4j2-cluster.properties")),
        mainAndArgs.get(0), mainAndArgs.subList(1, mainAndArgs.size()));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    try {
      Process process = builder.start();
      processes.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + mainAndArgs.get(0), e);
    }
  }

  private static String resource(String name) {
    try {
      return Path.of(StandaloneCluster.class.getResource("/" + name).toURI()).toString();
    } catch (java.net.URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("test resource " + name + " not found", e);
    }
  }

  /** Waits for a line matching {@code pattern} in {@code log}; fails if the process exits. */
  private static Matcher awaitLog(Path log, Pattern pattern, Process process) {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (true) {
      String text = "";
      try {
        if (Files.exists(log)) {
          text = Files.readString(log, StandardCharsets.UTF_8);
        }
      } catch (IOException | UncheckedIOException e) {
        // A partly written multi-byte character; read again.
      }
      Matcher m = pattern.matcher(text);
      if (m.find()) {
        return m;
      }
      if (!process.isAlive()) {
        fail(log.getFileName() + ": process exited (" + process.exitValue() + ") before \""
            + pattern + "\":\n" + text);
      }
      if (System.nanoTime() > deadline) {
        fail(log.getFileName() + ": no \"" + pattern + "\" after " + STARTUP + ":\n" + text);
      }
      ClusterFixture.sleep(100);
    }
  }
}
