package org.widenet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.widenet.spark.Checkpoint;
import org.widenet.spark.CheckpointStore;
import org.widenet.spark.SparkEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.TrainerState;

/**
 * Writes a checkpoint every {@code every} iterations: the blocks (by the executors), the
 * driver state, metrics.csv so far and the run's settings, committed atomically by the
 * store. After a commit the engine's lineage restarts at the block files, so a lost executor
 * costs at most {@code every} recomputed iterations.
 */
final class CheckpointWriter implements CheckpointHook {
  private final CheckpointStore store;
  private final SparkEngine engine;
  private final int every;
  private final Path metricsFile;
  private final Map<String, String> settings;
  private final String configHash;
  private final Map<String, List<String>> options;
  private final PrintStream out;

  CheckpointWriter(CheckpointStore store, SparkEngine engine, int every, Path metricsFile,
      Map<String, String> settings, Map<String, List<String>> options, PrintStream out) {
    this.store = store;
    this.engine = engine;
    this.every = every;
    this.metricsFile = metricsFile;
    this.settings = settings;
    this.configHash = ResultSettings.hash(settings);
    this.options = options;
    this.out = out;
  }

  @Override
  public boolean savesAt(int t) {
    return t > 0 && t % every == 0;
  }

  @Override
  public void afterIteration(TrainerState state) {
    int t = state.iteration();
    if (!savesAt(t)) {
      return;
    }
    String tmp = store.begin(t);
    List<long[]> files = engine.writeBlocks(CheckpointStore.blocksDir(tmp));
    Checkpoint done = store.commit(new Checkpoint(tmp, state, files, settings, configHash,
        options, 0, 0), metricsFile);
    engine.reloadFrom(CheckpointStore.blocksDir(done.dir()), files);
    store.prune();
    out.println("checkpoint " + done.dir());
  }
}
