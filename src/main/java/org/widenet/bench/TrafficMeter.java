package org.widenet.bench;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerBlockUpdated;
import org.apache.spark.scheduler.SparkListenerEvent;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.storage.BlockUpdatedInfo;
import org.apache.spark.storage.StorageLevel;
import org.widenet.spark.ResidentTraffic;

/**
 * Bytes moved between driver and executors, from Spark's own metrics: a listener that sums,
 * over every task that ends, the serialized task result ({@code TaskMetrics.resultSize}: the
 * value and the task's accumulator updates, as the driver received them) and the shuffle bytes
 * written and read; and, from the block manager's updates, the serialized pieces of every
 * broadcast (TorrentBroadcast's {@code broadcast_N_pieceK} blocks: the ones the driver writes
 * when a broadcast is made, and the ones executors in other JVMs store after fetching them).
 * Every job's task binary (the closure with what it captured, such as widenet's step vector)
 * is such a broadcast, so closures are counted too. Steps that ran on resident block tasks
 * move their updates and shares over RPC instead, and say how many bytes in a {@link
 * ResidentTraffic} event, counted as {@code rpc}. Not counted otherwise: the per-task descriptions
 * sent by RPC, heartbeats and block-status messages (no Spark metric holds them).
 *
 * <p>Totals only grow; {@link #totals} reads them, {@link #drain} first waits until the
 * listener has seen every event posted so far.
 */
public final class TrafficMeter extends SparkListener {
  private static final String DRIVER = "driver";

  private final Set<String> seenPieces = new HashSet<>();
  private long results;
  private long shuffleWritten;
  private long shuffleRead;
  private long broadcast;
  private long fetched;
  private long tasks;
  private long jobs;
  private long rpc;

  /**
   * Byte and count totals (or, after {@link #minus} and {@link #per}, the share of a window).
   *
   * @param results serialized task results received by the driver
   * @param shuffleWritten shuffle bytes written by map tasks
   * @param shuffleRead shuffle bytes read by reduce tasks, local and remote
   * @param broadcast serialized broadcast pieces the driver wrote (each broadcast counted once)
   * @param fetched broadcast pieces stored by executors outside the driver after fetching
   *     them (0 on a local master, whose executors share the driver's block manager)
   * @param tasks tasks that ended
   * @param jobs jobs that ended
   * @param rpc updates and shares of resident steps, both ways ({@link ResidentTraffic})
   */
  public record Bytes(double results, double shuffleWritten, double shuffleRead,
      double broadcast, double fetched, double tasks, double jobs, double rpc) {
    /**
     * What crossed between driver and executors: task results, shuffle data (counted once,
     * as written), broadcasts (counted once, as the driver serialized them) and resident
     * steps' RPC bytes.
     */
    public double total() {
      return results + shuffleWritten + broadcast + rpc;
    }

    public Bytes minus(Bytes o) {
      return new Bytes(results - o.results, shuffleWritten - o.shuffleWritten,
          shuffleRead - o.shuffleRead, broadcast - o.broadcast, fetched - o.fetched,
          tasks - o.tasks, jobs - o.jobs, rpc - o.rpc);
    }

    /** Divided by {@code count} (per iteration). */
    public Bytes per(int count) {
      return new Bytes(results / count, shuffleWritten / count, shuffleRead / count,
          broadcast / count, fetched / count, tasks / count, jobs / count, rpc / count);
    }
  }

  /** A meter listening on {@code sc} from now on. */
  public static TrafficMeter attach(SparkContext sc) {
    TrafficMeter meter = new TrafficMeter();
    sc.addSparkListener(meter);
    return meter;
  }

  /**
   * Waits (up to 30 s) until every event Spark has posted so far reached the listeners, so
   * that {@link #totals} covers every job that has returned.
   */
  public static void drain(SparkContext sc) {
    try {
      sc.listenerBus().waitUntilEmpty(30_000);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark's listener bus did not empty within 30 s", e);
    }
  }

  /** The totals so far. */
  public synchronized Bytes totals() {
    return new Bytes(results, shuffleWritten, shuffleRead, broadcast, fetched, tasks, jobs,
        rpc);
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd end) {
    tasks++;
    TaskMetrics m = end.taskMetrics();
    if (m == null) {
      return;
    }
    results += m.resultSize();
    shuffleWritten += m.shuffleWriteMetrics().bytesWritten();
    shuffleRead += m.shuffleReadMetrics().totalBytesRead();
  }

  @Override
  public synchronized void onOtherEvent(SparkListenerEvent event) {
    if (event instanceof ResidentTraffic t) {
      rpc += t.toExecutors() + t.toDriver();
    }
  }

  @Override
  public synchronized void onJobEnd(SparkListenerJobEnd end) {
    jobs++;
  }

  @Override
  public synchronized void onBlockUpdated(SparkListenerBlockUpdated update) {
    BlockUpdatedInfo info = update.blockUpdatedInfo();
    StorageLevel level = info.storageLevel();
    String name = info.blockId().name();
    // Only pieces being stored: a removal (level NONE, size 0) moves nothing.
    if (!info.blockId().isBroadcast() || !name.contains("_piece") || level == null
        || !level.isValid()) {
      return;
    }
    String executor = info.blockManagerId().executorId();
    if (!seenPieces.add(executor + "/" + name)) {
      return; // the same piece again (e.g. moved from memory to disk)
    }
    long size = info.memSize() + info.diskSize();
    if (DRIVER.equals(executor)) {
      broadcast += size;
    } else {
      fetched += size;
    }
  }
}
