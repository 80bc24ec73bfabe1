package org.widenet.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.rpc.RpcEndpointRef;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import org.apache.spark.serializer.SerializerInstance;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;
import org.widenet.spark.ResidentMessages.Command;
import org.widenet.train.OrderedSum;

/**
 * Block tasks that outlive an iteration, so that a step of the {@link SparkEngine} costs no
 * Spark job: one job runs a task on every cached block, and each task then takes the engine's
 * steps as commands over Spark's RPC (the driver's own RPC endpoint, with Spark's
 * authentication and encryption) instead of as jobs. A step's shares are merged on the driver
 * in {@link OrderedSum#grouped} order, the order of the engine's jobs, so the bits are the same.
 * This class is the driver's side; each task runs {@link ResidentTask#serve}.
 *
 * <p>Only the engine's steps run this way. Anything else (a read-only pass, writing block files,
 * catching up lost blocks, any Spark job someone else starts while the tasks hold the cores)
 * stops the tasks first; the next step starts them again. When a resident step cannot finish
 * (a task failed, an executor was lost, a share too large for one RPC message) the tasks are
 * stopped and {@link #advance} returns null: the engine runs that step as a job, which finds and
 * rebuilds any block that is behind, as always. Every block needs a task slot at once: with
 * fewer slots than blocks no tasks start, and a step whose tasks have not all started within
 * {@link #START_TIMEOUT_MS} runs as a job. After {@link #MAX_FAILURES} failed resident steps in
 * a row, or one share too large for an RPC message, the engine runs one job per step for good,
 * and says so.
 */
final class ResidentTasks implements AutoCloseable {
  /** The Spark setting that turns resident tasks on ({@code true}, the default) or off. */
  static final String ENABLED = "spark.widenet.residentTasks";
  /**
   * The largest Gram share, in serialized bytes, one resident task sends the driver; a Gram pass
   * with a larger share runs as a Spark job, and so do the run's later Gram passes. Default: an
   * eighth of the driver's heap over the number of blocks (the driver holds every block's share
   * before it merges them), and never more than one RPC message. Like {@link #ENABLED}, a
   * thread's local property wins over the Spark setting.
   */
  static final String MAX_GRAM_SHARE = "spark.widenet.residentTasks.maxGramShareBytes";
  private static final Logger LOG = Logger.getLogger(ResidentTasks.class.getName());
  /** The local property that marks the resident job, so its own start does not stop it. */
  private static final String MARK = "widenet.residentTasks";
  /** Spark's local property for the job's name in the UI. */
  private static final String DESCRIPTION = "spark.job.description";
  static final long START_TIMEOUT_MS = 60_000;
  static final int MAX_FAILURES = 3;
  /** How long a failed job's other tasks may take to finish their step. */
  private static final int TASK_END_WAIT_MINUTES = 30;

  private final JavaSparkContext jsc;
  private final JavaRDD<BlockHolder> holders;
  private final Family family;
  private final Broadcast<Inputs> inputs;
  private final int numBlocks;
  private final int fanIn;
  private final SparkListener otherJobs;
  /** The running tasks' endpoint, or null; read by the listener thread. */
  private volatile ResidentEndpoint endpoint;
  private RpcEndpointRef ref;
  private JavaFutureAction<Void> job;
  private long seq;
  private long startDeadline;
  /** The tasks' job id, -1 until known; read by the listener thread. */
  private volatile int residentJobId = -1;
  private int failures;
  private boolean disabled;
  /** A Gram share was too large to send: Gram passes run as jobs from then on. */
  private boolean gramsAsJobs;
  private final long maxGramShare;
  private boolean warnedSlots;
  /** Why the last start was put off for the blocks' placement, or null. */
  private String lastCrowded;
  private long steps;

  /** @param settings what {@link #settings} read before the engine's first job */
  ResidentTasks(JavaSparkContext jsc, JavaRDD<BlockHolder> holders, Family family,
      Broadcast<Inputs> inputs, int numBlocks, int fanIn, Settings settings) {
    this.jsc = jsc;
    this.holders = holders;
    this.family = family;
    this.inputs = inputs;
    this.numBlocks = numBlocks;
    this.fanIn = fanIn;
    this.maxGramShare = settings.maxGramShare();
    this.otherJobs = new SparkListener() {
      @Override
      public void onJobStart(SparkListenerJobStart start) {
        ResidentEndpoint e = endpoint;
        if (e == null) {
          return;
        }
        String mark = start.properties() == null ? null : start.properties().getProperty(MARK);
        if (e.name().equals(mark)) {
          e.ownStages(start.stageIds());
        } else if (start.jobId() > residentJobId) {
          // Jobs submitted before the tasks' own job (their start events come late) hold no
          // cores the tasks wait for; any later job may wait for the tasks' cores.
          e.stopAll("another Spark job started (job " + start.jobId() + ")");
        }
      }

      @Override
      public void onTaskStart(SparkListenerTaskStart start) {
        ResidentEndpoint e = endpoint;
        if (e != null && e.isOwnStage(start.stageId())) {
          e.taskStarted();
        }
      }

      @Override
      public void onTaskEnd(SparkListenerTaskEnd end) {
        // A resident task ends only when told to: any other end (an executor lost, a task that
        // failed and that Spark may retry where no core is free) ends the run, so that the
        // driver does not wait for a share that will not come.
        ResidentEndpoint e = endpoint;
        if (e != null && e.isOwnStage(end.stageId())) {
          e.taskEnded("the task of partition " + end.taskInfo().index() + " ended: "
              + end.reason());
        }
      }
    };
    jsc.sc().addSparkListener(otherJobs);
  }

  /** What an engine's resident tasks are asked to do: the Gram share limit, in bytes. */
  record Settings(long maxGramShare) {}

  /**
   * The resident tasks an engine made now on {@code jsc} with {@code numBlocks} blocks asks
   * for, or null when it asks for none ({@link #enabled}).
   *
   * @throws IllegalArgumentException when {@link #MAX_GRAM_SHARE} is not a byte count of 0 or
   *     more
   */
  static Settings settings(JavaSparkContext jsc, int numBlocks) {
    return enabled(jsc) ? new Settings(maxGramShare(jsc, numBlocks)) : null;
  }

  /**
   * {@link #MAX_GRAM_SHARE}: the thread's local property, else the Spark setting, else its
   * default for {@code numBlocks} blocks.
   */
  private static long maxGramShare(JavaSparkContext jsc, int numBlocks) {
    String local = jsc.getLocalProperty(MAX_GRAM_SHARE);
    String value = local != null ? local : jsc.getConf().get(MAX_GRAM_SHARE, null);
    if (value == null) {
      return Runtime.getRuntime().maxMemory() / 8 / Math.max(1, numBlocks);
    }
    long bytes;
    try {
      bytes = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      bytes = -1;
    }
    if (bytes < 0) {
      throw new IllegalArgumentException(MAX_GRAM_SHARE + " must be a number of bytes, 0 or "
          + "more (0 sends every Gram pass to a Spark job), got \"" + value + "\"");
    }
    return bytes;
  }

  /**
   * Whether resident tasks are asked for: the calling thread's local property {@link #ENABLED}
   * if set ({@code sc.setLocalProperty}, for one notebook cell or one engine), else the Spark
   * setting of that name.
   */
  static boolean enabled(JavaSparkContext jsc) {
    String local = jsc.getLocalProperty(ENABLED);
    boolean asked = local != null ? Boolean.parseBoolean(local.strip())
        : jsc.getConf().getBoolean(ENABLED, true);
    if (asked && jsc.getConf().getBoolean("spark.speculation", false)) {
      LOG.warning(ENABLED + " is ignored with spark.speculation=true: a speculative copy of a "
          + "task that runs until training ends would only get in the way");
      return false;
    }
    return asked;
  }

  /**
   * One step on the resident tasks, starting them if they are not running.
   *
   * @return the merged shares, or null when the step must run as a job (the tasks are stopped)
   */
  Share advance(int to, Update update, Pass pass) {
    if (disabled || (pass.withGram() && gramsAsJobs)) {
      return null;
    }
    if (job != null && endpoint.stopped() != null) {
      throwIfCancelled();
      stop(endpoint.stopped()); // another Spark job ended the tasks: start them again
    }
    if (job == null && !start()) {
      return null;
    }
    Command command = new Command(++seq, to, update == null ? null
        : ResidentMessages.toBytes(SparkEnv.get().serializer().newInstance(), update), pass);
    endpoint.issue(command);
    ResidentEndpoint.Outcome outcome;
    try {
      outcome = endpoint.await(job, startDeadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop("the driver was interrupted");
      throw new IllegalStateException("interrupted while the blocks took a step", e);
    }
    if (outcome == ResidentEndpoint.Outcome.DONE) {
      if (steps++ == 0) {
        LOG.info("the engine's steps run on " + numBlocks + " resident block tasks, one long "
            + "Spark job (" + ENABLED + "=false runs one job per step)");
      }
      failures = 0;
      List<byte[]> shares = endpoint.shares();
      long back = 0;
      for (byte[] s : shares) {
        back += s.length;
      }
      jsc.sc().listenerBus().post(new ResidentTraffic(
          (long) numBlocks * (command.update() == null ? 0 : command.update().length), back));
      return merge(shares);
    }
    throwIfCancelled();
    String why = switch (outcome) {
      case TOO_LARGE -> "a block's share is larger than one RPC message "
          + "(spark.rpc.message.maxSize)";
      case JOB_ENDED -> "a resident task ended: " + failure();
      default -> endpoint.stopped();
    };
    stop(why);
    boolean failed = outcome == ResidentEndpoint.Outcome.JOB_ENDED
        || outcome == ResidentEndpoint.Outcome.FAULT;
    if (outcome == ResidentEndpoint.Outcome.TOO_LARGE && pass.withGram()) {
      // The blocks took the step and keep their shares: the job that follows only collects.
      gramsAsJobs = true;
      LOG.info("a block's Gram share is larger than " + MAX_GRAM_SHARE + " (" + maxGramShare
          + " bytes) or one RPC message; Gram passes run as Spark jobs from now on");
    } else if (outcome == ResidentEndpoint.Outcome.TOO_LARGE
        || (failed && ++failures >= MAX_FAILURES)) {
      disabled = true;
      LOG.warning("resident block tasks end (" + why + (failed ? ", " + failures
          + " failed steps in a row" : "") + "); the engine runs one Spark job per step from "
          + "now on");
    } else {
      LOG.info("step " + to + " runs as a Spark job: " + why);
    }
    return null;
  }

  /** How many steps ran on resident tasks (for tests and logs). */
  long steps() {
    return steps;
  }

  /**
   * Starts the tasks; false (and a log line) when the cluster has fewer task slots than blocks,
   * or the blocks are cached where their tasks cannot all run at once ({@link BlockPlacement}).
   */
  private boolean start() {
    SparkContext sc = jsc.sc();
    int slots = sc.maxNumConcurrentTasks(sc.resourceProfileManager().defaultResourceProfile());
    if (slots < numBlocks) {
      if (!warnedSlots) {
        warnedSlots = true;
        LOG.info("resident block tasks need a task slot for every block at once: "
            + numBlocks + " blocks, " + slots + " slots; one Spark job per step until there "
            + "are enough");
      }
      return false;
    }
    String crowded = BlockPlacement.crowded(sc, holders.id(), numBlocks);
    if (crowded != null) {
      if (!crowded.equals(lastCrowded)) {
        LOG.info("resident block tasks wait: " + crowded + "; one Spark job per step meanwhile");
      }
      lastCrowded = crowded;
      return false;
    }
    lastCrowded = null;
    String name = "widenet-resident-" + UUID.randomUUID();
    SparkEnv env = SparkEnv.get();
    ResidentEndpoint e = new ResidentEndpoint(env.rpcEnv(), name, numBlocks);
    ref = env.rpcEnv().setupEndpoint(name, e);
    endpoint = e;
    Family f = family;
    Broadcast<Inputs> in = inputs;
    String previous = jsc.getLocalProperty(MARK);
    String description = jsc.getLocalProperty(DESCRIPTION);
    jsc.setLocalProperty(MARK, name);
    jsc.setLocalProperty(DESCRIPTION, "widenet resident block tasks");
    residentJobId = -1;
    try {
      long gramLimit = maxGramShare;
      job = holders.foreachPartitionAsync(it -> ResidentTask.serve(it, name, f, in, gramLimit));
    } finally {
      jsc.setLocalProperty(MARK, previous);
      jsc.setLocalProperty(DESCRIPTION, description);
    }
    residentJobId = job.jobIds().isEmpty() ? -1 : job.jobIds().get(0);
    startDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
    return true;
  }

  /**
   * Stops the tasks, if running, and waits for their job to end: a task in the middle of a step
   * finishes it first (no other job may touch its block before), then is told to stop.
   */
  void stop(String reason) {
    if (job == null) {
      return;
    }
    endpoint.stopAll(reason);
    boolean failed = false;
    try {
      job.get();
    } catch (ExecutionException e) {
      // A task failed: the step that follows runs as a job and finds what is wrong.
      failed = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      job.cancel(true);
    } finally {
      if (failed) {
        awaitTasksEnded();
      }
      SparkEnv env = SparkEnv.get();
      if (env != null) {
        env.rpcEnv().stop(ref);
      }
      job = null;
      endpoint = null;
    }
  }

  /**
   * After the tasks' job failed: waits for its other tasks to finish the step they may be in
   * (each is told to stop at its next poll), so that no job touches their blocks before.
   */
  private void awaitTasksEnded() {
    try {
      for (int minute = 1; minute <= TASK_END_WAIT_MINUTES; minute++) {
        if (endpoint.awaitTasksEnded(60_000)) {
          return;
        }
        LOG.warning("resident block tasks of a failed job still run after " + minute
            + " min; waiting for them to finish their step");
      }
      LOG.warning("resident block tasks still run after " + TASK_END_WAIT_MINUTES
          + " min; going on without them");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Why the tasks' job ended, first line only. */
  private String failure() {
    Throwable t = jobFailure();
    return t == null ? "the job finished" : firstLine(t);
  }

  /** The tasks' job's failure, or null when it has not failed. */
  private Throwable jobFailure() {
    try {
      job.get(0, TimeUnit.MILLISECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause() == null ? e : e.getCause();
    } catch (Exception e) {
      return e;
    }
  }

  /**
   * When someone cancelled the tasks' job (a notebook's stop button, {@code cancelJobGroup},
   * {@code cancelAllJobs}), ends the tasks and fails the step, as the cancelled job of one job
   * per step would fail it, instead of running the step again as a job.
   */
  private void throwIfCancelled() {
    if (job.isDone() && cancelled()) {
      Throwable cause = jobFailure();
      stop("the tasks' job was cancelled");
      throw new IllegalStateException("the neuron blocks' Spark job was cancelled: "
          + firstLine(cause), cause);
    }
  }

  private boolean cancelled() {
    if (job.isCancelled()) {
      return true;
    }
    for (Throwable t = jobFailure(); t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && m.contains("cancelled")) {
        return true;
      }
    }
    return false;
  }

  private static String firstLine(Throwable t) {
    String message = String.valueOf(t.getMessage());
    int eol = message.indexOf('\n');
    return eol < 0 ? message : message.substring(0, eol);
  }

  @Override
  public void close() {
    stop("the engine closed");
    jsc.sc().removeSparkListener(otherJobs);
  }

  private Share merge(List<byte[]> serialized) {
    SerializerInstance ser = SparkEnv.get().serializer().newInstance();
    List<Share> inOrder = new ArrayList<>(serialized.size());
    for (byte[] s : serialized) {
      inOrder.add(ResidentMessages.fromBytes(ser, s));
    }
    return OrderedSum.grouped(inOrder, fanIn);
  }
}
