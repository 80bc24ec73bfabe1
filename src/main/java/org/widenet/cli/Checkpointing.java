package org.widenet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.spark.CheckpointStore;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.spark.SparkEngine;
import org.widenet.train.CheckpointHook;
import org.widenet.train.DriverMath;
import org.widenet.train.OrderedSum;
import org.widenet.train.ResumePoint;

/**
 * A train command's checkpointing: where checkpoints go (or none), how often, and the run it
 * resumes (or none). With a checkpoint directory the engine restarts its update log at each
 * checkpoint's block files; without one a lost block is rebuilt from the seed by replaying the
 * logged updates, the log cut every {@code every} iterations.
 *
 * @param dir --checkpoint-dir, or null
 * @param every --checkpoint-every
 * @param resume the checkpointed run resumed, or null
 */
record Checkpointing(String dir, int every, Resume resume) {

  /** The engine a run starts on, and where it starts (null: initialization). */
  record Start(SparkEngine engine, ResumePoint from) {}

  /**
   * Starts the run's engine: from the resumed checkpoint's block files (noting it in the
   * summary as resumed_from), or fresh from the seed.
   *
   * @param gramMath the family's driver math when the run reports Gram drift (its reference
   *     J J^T(0) is recomputed from the seed), or null
   */
  Start start(JavaSparkContext jsc, Family family, int blocks, Inputs inputs,
      DriverMath gramMath, Map<String, Object> summary, PrintStream out, PrintStream err) {
    SparkEngine.Options options = engineOptions();
    if (resume == null) {
      return new Start(new SparkEngine(jsc, family, blocks, inputs, options), null);
    }
    Resume.Started at = resume.start(jsc, family, blocks, inputs, options, out, err);
    try {
      summary.put("resumed_from", Map.of("checkpoint", at.checkpoint().dir(),
          "iteration", at.checkpoint().iteration()));
      double[] initialGram = gramMath == null ? null
          : Resume.initialGram(jsc, family, blocks, inputs, gramMath, options);
      return new Start(at.engine(), new ResumePoint(at.checkpoint().state(), initialGram));
    } catch (RuntimeException e) {
      at.engine().close();
      throw e;
    }
  }

  /**
   * The same checkpointing with --checkpoint-every counted in epochs of {@code stepsPerEpoch}
   * steps (sgd), for a loop that reports and checkpoints at epoch ends only.
   */
  Checkpointing inEpochs(int stepsPerEpoch) {
    return new Checkpointing(dir, every * stepsPerEpoch, resume);
  }

  /** The engine's recovery settings for this run. */
  SparkEngine.Options engineOptions() {
    return new SparkEngine.Options(null, dir != null ? 0 : every, OrderedSum.DEFAULT_FAN_IN);
  }

  /** Puts the resumed checkpoint's metrics.csv into the run's output directory. */
  void restoreMetrics(Path outDir) {
    try {
      Files.write(outDir.resolve(OutputDirectory.METRICS),
          resume.store().readMetrics(resume.newest()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot restore metrics.csv from "
          + resume.newest().dir(), e);
    }
  }

  /**
   * The hook that writes a checkpoint every {@code every} iterations, or none without a
   * directory.
   *
   * @param settings the settings that decide the result (refused if changed on resume)
   * @param options the run's options as a resume should restore them
   */
  CheckpointHook hook(JavaSparkContext jsc, SparkEngine engine, Path metricsFile,
      Map<String, String> settings, ParsedOptions options, PrintStream out) {
    if (dir == null) {
      return CheckpointHook.NONE;
    }
    return new CheckpointWriter(new CheckpointStore(dir, jsc.hadoopConfiguration()), engine,
        every, metricsFile, settings, options.with("resume", null).asMap(), out);
  }
}
