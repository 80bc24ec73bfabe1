package org.widenet.spark;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.rpc.RpcCallContext;
import org.apache.spark.rpc.RpcEndpoint;
import org.apache.spark.rpc.RpcEnv;
import org.widenet.spark.ResidentMessages.Command;
import org.widenet.spark.ResidentMessages.Poll;
import org.widenet.spark.ResidentMessages.Stop;
import scala.PartialFunction;
import scala.runtime.AbstractPartialFunction;
import scala.runtime.BoxedUnit;

/**
 * The driver's end of one run of resident block tasks ({@link ResidentTasks}): an RPC endpoint
 * in the driver's own {@link RpcEnv}. Every task long-polls it: a poll carries the share of the
 * command the task ran and is answered with the next command, held until the driver issues it.
 * Anything out of protocol (a task that starts twice, which is Spark retrying it; a share for a
 * command not asked) ends the run, and the driver runs the step as a job instead.
 */
final class ResidentEndpoint implements RpcEndpoint {
  /** How a command ended. */
  enum Outcome { DONE, STOPPED, FAULT, TOO_LARGE, JOB_ENDED }

  private final RpcEnv rpcEnv;
  private final String name;
  private final int numBlocks;
  /** The stages of the tasks' job, once its start event arrived (listener thread). */
  private volatile Set<Integer> stages = Set.of();
  private final RpcCallContext[] waiting;
  private final boolean[] started;
  private final byte[][] shares;
  private Command current;
  private int arrived;
  private boolean tooLarge;
  private String stopped;
  private boolean fault;
  /** Tasks of the run's job started and not yet ended, as the listener bus reports them. */
  private int running;

  ResidentEndpoint(RpcEnv rpcEnv, String name, int numBlocks) {
    this.rpcEnv = rpcEnv;
    this.name = name;
    this.numBlocks = numBlocks;
    this.waiting = new RpcCallContext[numBlocks];
    this.started = new boolean[numBlocks];
    this.shares = new byte[numBlocks][];
  }

  /** The name the endpoint is registered under, which the tasks' job carries. */
  String name() {
    return name;
  }

  /** Records the stages of the tasks' job. */
  void ownStages(scala.collection.immutable.Seq<Object> stageIds) {
    Set<Integer> ids = new HashSet<>();
    stageIds.foreach(id -> ids.add((Integer) id));
    stages = Set.copyOf(ids);
  }

  boolean isOwnStage(int stageId) {
    return stages.contains(stageId);
  }

  /** A task of the run's job started (listener thread). */
  synchronized void taskStarted() {
    running++;
  }

  /**
   * A task of the run's job ended (listener thread): when it was not told to, with {@code
   * reason}, the run ends.
   */
  synchronized void taskEnded(String reason) {
    running--;
    if (stopped == null) {
      fault(reason);
    }
    notifyAll();
  }

  /**
   * Waits until every task of the run's job that started has ended, as Spark's listener bus
   * reports it: a job that failed reports its end while its other tasks may still finish a
   * step on their blocks.
   *
   * @return false when some were still running after {@code millis}
   */
  synchronized boolean awaitTasksEnded(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (running > 0) {
      long left = (deadline - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  @Override
  public RpcEnv rpcEnv() {
    return rpcEnv;
  }

  @Override
  public PartialFunction<Object, BoxedUnit> receiveAndReply(RpcCallContext context) {
    return new AbstractPartialFunction<>() {
      @Override
      public boolean isDefinedAt(Object message) {
        return message instanceof Poll;
      }

      @Override
      public BoxedUnit apply(Object message) {
        onPoll((Poll) message, context);
        return BoxedUnit.UNIT;
      }
    };
  }

  private synchronized void onPoll(Poll poll, RpcCallContext context) {
    int b = poll.blockId();
    if (stopped != null) {
      context.reply(new Stop(stopped));
      return;
    }
    if (b < 0 || b >= numBlocks) {
      fault("a task polled for block " + b + " of " + numBlocks);
      context.reply(new Stop(stopped));
      return;
    }
    if (poll.answered() < 0) {
      if (started[b]) {
        fault("the task of block " + b + " started again (Spark retried it)");
        context.reply(new Stop(stopped));
        return;
      }
      started[b] = true;
      if (current != null) {
        context.reply(current);
      } else {
        waiting[b] = context;
      }
      return;
    }
    if (current == null || poll.answered() != current.seq() || shares[b] != null) {
      fault("block " + b + " answered command " + poll.answered() + " out of turn");
      context.reply(new Stop(stopped));
      return;
    }
    shares[b] = poll.tooLarge() ? new byte[0] : poll.share();
    tooLarge |= poll.tooLarge();
    arrived++;
    waiting[b] = context;
    notifyAll();
  }

  /** Sends {@code command} to every block: now to the tasks waiting, at first poll to the rest. */
  synchronized void issue(Command command) {
    if (stopped != null) {
      return;
    }
    current = command;
    arrived = 0;
    tooLarge = false;
    for (int b = 0; b < numBlocks; b++) {
      shares[b] = null;
      if (waiting[b] != null) {
        RpcCallContext c = waiting[b];
        waiting[b] = null;
        c.reply(command);
      }
    }
  }

  /**
   * Waits until every block answered the current command, the run was stopped, or the job
   * ended (a task failed: Spark ends the job), or not every task
   * started by {@code startDeadline} (System.nanoTime), which stops the run.
   */
  synchronized Outcome await(JavaFutureAction<Void> job, long startDeadline)
      throws InterruptedException {
    while (true) {
      int running = startedCount();
      if (running < numBlocks && System.nanoTime() > startDeadline) {
        fault("only " + running + " of " + numBlocks + " block tasks started in "
            + ResidentTasks.START_TIMEOUT_MS / 1000 + " s: every block needs a core at once");
      }
      if (stopped != null) {
        return fault ? Outcome.FAULT : Outcome.STOPPED;
      }
      if (arrived == numBlocks) {
        return tooLarge ? Outcome.TOO_LARGE : Outcome.DONE;
      }
      if (job.isDone()) {
        return Outcome.JOB_ENDED;
      }
      wait(20);
    }
  }

  /** The current command's shares, serialized, in block order (after {@link Outcome#DONE}). */
  synchronized List<byte[]> shares() {
    List<byte[]> inOrder = new ArrayList<>(numBlocks);
    for (byte[] s : shares) {
      inOrder.add(s);
    }
    return inOrder;
  }

  /** How many block tasks have polled at least once. */
  synchronized int startedCount() {
    int count = 0;
    for (boolean s : started) {
      count += s ? 1 : 0;
    }
    return count;
  }

  /** Why the run was stopped, or null while it runs. */
  synchronized String stopped() {
    return stopped;
  }

  private synchronized void fault(String reason) {
    if (stopped == null) {
      fault = true;
    }
    stopAll(reason);
  }

  /** Ends the run: every waiting task, and every later poll, is answered {@link Stop}. */
  synchronized void stopAll(String reason) {
    if (stopped == null) {
      stopped = reason;
    }
    for (int b = 0; b < numBlocks; b++) {
      if (waiting[b] != null) {
        RpcCallContext c = waiting[b];
        waiting[b] = null;
        c.reply(new Stop(stopped));
      }
    }
    notifyAll();
  }
}
