package org.widenet.train;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.widenet.model.Block;
import org.widenet.model.BlockJob;
import org.widenet.model.BlockLayout;
import org.widenet.model.DenseInputs;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.model.NetworkSpec;
import org.widenet.model.Pass;
import org.widenet.model.Share;
import org.widenet.model.Update;

/**
 * Runs every block of any family in this JVM, updated in place. It is the reference the Spark
 * engine is tested against, and a fast way to run small studies without a cluster.
 *
 * <p>With one thread (the default) the blocks run one after another on the caller's thread.
 * With more, they run on that many threads at once, like a Spark executor's task slots; the
 * blocks' shares are still merged in block-id order by the same grouped sum, so the results
 * are bit for bit those of one thread.
 */
public final class LocalEngine implements BlockEngine {
  private final Family family;
  private final Inputs inputs;
  private final int fanIn;
  private final int threads;
  private final ExecutorService pool;
  private List<Block> blocks;

  /**
   * relu2/exp2 on the training inputs x, n x d column-major (kept by reference, not modified).
   */
  public LocalEngine(NetworkSpec spec, int numBlocks, double[] x, int n, int d) {
    this(spec, numBlocks, x, n, d, OrderedSum.DEFAULT_FAN_IN);
  }

  public LocalEngine(NetworkSpec spec, int numBlocks, double[] x, int n, int d, int fanIn) {
    this(spec, numBlocks, new DenseInputs(x, n, d), fanIn);
  }

  /**
   * The blocks of {@code family} at initialization, run one after another.
   *
   * @param inputs what every block reads (kept by reference, not modified)
   * @param fanIn how many shares one merge group holds
   */
  public LocalEngine(Family family, int numBlocks, Inputs inputs, int fanIn) {
    this(family, numBlocks, inputs, fanIn, 1);
  }

  /**
   * The blocks of {@code family} at initialization, run on up to {@code threads} threads at
   * once (each block on one thread; BLAS calls stay single-threaded when OPENBLAS_NUM_THREADS
   * is 1, as scripts/widenet sets it).
   *
   * @param threads how many blocks run at once, at least 1 (more than the blocks are not used)
   */
  public LocalEngine(Family family, int numBlocks, Inputs inputs, int fanIn, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    this.family = family;
    this.inputs = inputs;
    this.fanIn = fanIn;
    this.threads = Math.min(threads, Math.max(1, numBlocks));
    this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads,
        daemonThreads());
    BlockLayout layout = family.layout(numBlocks);
    blocks = new ArrayList<>(numBlocks);
    for (int b = 0; b < numBlocks; b++) {
      blocks.add(family.initial(inputs, layout, b));
    }
  }

  /**
   * relu2/exp2 on the training inputs x (n x d column-major), its blocks on up to
   * {@code threads} threads at once; the bits are those of one thread.
   */
  public static LocalEngine threaded(NetworkSpec spec, int numBlocks, double[] x, int n,
      int d, int threads) {
    return new LocalEngine(spec, numBlocks, new DenseInputs(x, n, d), OrderedSum.DEFAULT_FAN_IN,
        threads);
  }

  @Override
  public Family family() {
    return family;
  }

  @Override
  public int numBlocks() {
    return blocks.size();
  }

  /** How many blocks run at once. */
  public int threads() {
    return threads;
  }

  @Override
  public Share advance(Update update, Pass pass, int iteration) {
    // Each block is replaced as soon as it has stepped (a family that steps by copying then
    // holds one block twice at a time per thread, not every block); distinct indices of the
    // list are set by distinct threads, read after the futures complete.
    return OrderedSum.grouped(eachBlock(b -> {
      Block next = family.advance(blocks.get(b), inputs, update, pass);
      blocks.set(b, next);
      return next.partial();
    }), fanIn);
  }

  @Override
  public Share reduce(BlockJob job, Object payload) {
    return OrderedSum.grouped(eachBlock(b -> job.run(blocks.get(b), inputs, payload)), fanIn);
  }

  /**
   * {@code work} of every block, in block-id order. On more than one thread, a failure is the
   * failure of the lowest block id that failed (the one a sequential run would meet first), as
   * it was thrown, after every block has finished.
   */
  private <T> List<T> eachBlock(IntFunction<T> work) {
    int count = blocks.size();
    List<T> out = new ArrayList<>(count);
    if (pool == null) {
      for (int b = 0; b < count; b++) {
        out.add(work.apply(b));
      }
      return out;
    }
    List<Future<T>> futures = new ArrayList<>(count);
    for (int b = 0; b < count; b++) {
      int block = b;
      futures.add(pool.submit(() -> work.apply(block)));
    }
    RuntimeException failure = null;
    for (Future<T> f : futures) {
      try {
        out.add(f.get());
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = unwrap(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        futures.forEach(x -> x.cancel(true));
        throw new IllegalStateException("interrupted while the blocks ran", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return out;
  }

  private static RuntimeException unwrap(Throwable cause) {
    if (cause instanceof RuntimeException r) {
      return r;
    }
    if (cause instanceof Error e) {
      throw e;
    }
    return new IllegalStateException(cause);
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    AtomicInteger next = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "widenet-local-block-" + next.getAndIncrement());
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * The current blocks, in id order (for tests and for saving a locally trained model), as
   * {@link Family#settled} reads them. A block that needs no settling is the engine's own: the
   * next {@link #advance} updates it in place.
   */
  @SuppressWarnings("unchecked")
  public <B extends Block> List<B> blocks() {
    List<Block> out = new ArrayList<>(blocks.size());
    for (Block b : blocks) {
      out.add(family.settled(b, inputs));
    }
    return (List<B>) List.copyOf(out);
  }

  @Override
  public void close() {
    blocks = List.of();
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
