package org.widenet.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.widenet.model.Family;
import org.widenet.model.Inputs;
import org.widenet.spark.SparkEngine;
import org.widenet.spark.Checkpoint;
import org.widenet.spark.CheckpointStore;
import org.widenet.train.DriverMath;

/**
 * {@code train --resume DIR}: picks the newest intact checkpoint in DIR (a damaged one is
 * renamed aside, never deleted, and the previous one used, saying so), restores the options
 * of the run that wrote it, and refuses a changed setting that would change the result.
 */
final class Resume {
  /** The option a checkpoint from before it existed lacks (those runs stepped weights). */
  private static final String STEP_FORM = "step-form";

  private final CheckpointStore store;
  private final List<Checkpoint> candidates;

  private Resume(CheckpointStore store, List<Checkpoint> candidates) {
    this.store = store;
    this.candidates = candidates;
  }

  /**
   * Finds the checkpoints of DIR that pass the checks possible without reading the weights,
   * newest first, and moves damaged ones aside with a warning.
   *
   * @throws UsageException when DIR holds no intact checkpoint
   */
  static Resume find(String dir, Configuration conf, PrintStream err) {
    CheckpointStore store = new CheckpointStore(dir, conf);
    List<String> dirs = store.committed();
    if (dirs.isEmpty()) {
      throw new UsageException("--resume " + dir + ": no checkpoint found (train writes "
          + "checkpoint-NNNNNN directories there when given --checkpoint-dir)");
    }
    List<Checkpoint> intact = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    for (String d : dirs) {
      try {
        intact.add(store.read(d));
      } catch (IllegalStateException e) {
        problems.add(e.getMessage());
        if (intact.isEmpty()) {
          String aside = store.setAside(d, "damaged");
          err.println("widenet: warning: " + e.getMessage() + "; kept as "
              + Path.of(aside).getFileName() + ", falling back to the previous checkpoint");
        }
      }
    }
    if (intact.isEmpty()) {
      throw new UsageException("--resume " + dir + ": no intact checkpoint: "
          + String.join("; ", problems));
    }
    return new Resume(store, intact);
  }

  /** The newest intact checkpoint. */
  Checkpoint newest() {
    return candidates.get(0);
  }

  /** Older intact checkpoints of the same run, newest first, to fall back to. */
  List<Checkpoint> fallbacks() {
    List<Checkpoint> same = new ArrayList<>();
    for (Checkpoint c : candidates.subList(1, candidates.size())) {
      if (c.configHash().equals(newest().configHash())) {
        same.add(c);
      }
    }
    return same;
  }

  CheckpointStore store() {
    return store;
  }

  /**
   * The checkpointed run's options, overridden by those given now; new checkpoints go to the
   * directory resumed from unless --checkpoint-dir is given.
   */
  ParsedOptions options(ParsedOptions given) {
    return options(given, TrainOptions.SPECS);
  }

  /** {@link #options(ParsedOptions)} for the train command whose options are {@code specs}. */
  ParsedOptions options(ParsedOptions given, List<OptionSpec> specs) {
    Map<String, List<String>> saved = newest().options();
    ParsedOptions merged = ParsedOptions.overlay(specs, saved,
        given.with("resume", null)).with("resume", store.root());
    if (!saved.containsKey(STEP_FORM) && !given.has(STEP_FORM)
        && specs.stream().anyMatch(s -> s.name().equals(STEP_FORM))) {
      // Checkpoints record the step form they stepped in; one from before --step-form
      // existed stepped the weights.
      merged = merged.with(STEP_FORM, "weights");
    }
    return given.has("checkpoint-dir") ? merged
        : merged.with("checkpoint-dir", store.root());
  }

  /** Refuses (one line) a setting that differs from the checkpointed run's. */
  void checkSettings(Map<String, String> now) {
    String difference = ResultSettings.firstDifference(newest().settings(), now);
    if (difference != null) {
      throw new UsageException("cannot resume from " + store.root() + ": " + difference);
    }
  }

  /** Whether dir is the checkpointed run's own --out (which a resume may write into). */
  boolean isOriginalOut(Path dir) {
    List<String> out = newest().options().get("out");
    return out != null && !out.isEmpty()
        && Path.of(out.get(out.size() - 1)).toAbsolutePath().normalize()
            .equals(dir.toAbsolutePath().normalize());
  }

  /** The checkpoint a resumed run starts from and the engine holding its blocks. */
  record Started(Checkpoint checkpoint, SparkEngine engine) {}

  /**
   * Starts the engine from the newest checkpoint whose block files all read back intact
   * (each task checks its file's CRC-32), falling back to older ones of the same run and
   * moving damaged ones aside, saying so.
   */
  Started start(JavaSparkContext jsc, Family family, int blocks, Inputs inputs,
      SparkEngine.Options options, PrintStream out, PrintStream err) {
    List<Checkpoint> tries = new ArrayList<>();
    tries.add(newest());
    tries.addAll(fallbacks());
    RuntimeException last = null;
    for (Checkpoint c : tries) {
      try {
        // The engine reads and checks every block file as it starts.
        SparkEngine engine = SparkEngine.fromBlockFiles(jsc, family, blocks, inputs, options,
            CheckpointStore.blocksDir(c.dir()), c.blocks());
        out.println("resuming from " + c.dir() + " (iteration " + c.iteration() + ")");
        return new Started(c, engine);
      } catch (Exception e) { // a failed Spark job is a (checked) SparkException
        String why = e.getMessage() == null ? e.toString() : e.getMessage();
        RuntimeException unchecked = e instanceof RuntimeException re ? re
            : new IllegalStateException(why, e);
        if (!why.contains("is damaged")) {
          throw unchecked;
        }
        last = unchecked;
        String aside = store.setAside(c.dir(), "damaged");
        err.println("widenet: warning: " + c.dir() + " has a damaged block file; kept as "
            + aside + ", falling back to the previous checkpoint");
      }
    }
    throw new IllegalStateException("no checkpoint in " + store.root() + " reads back intact",
        last);
  }

  /**
   * The last value of option {@code name} the newest readable checkpoint in DIR saved, or null
   * (none saved, or no checkpoint reads); for routing {@code train --resume DIR} before the
   * command runs.
   */
  static String savedOption(String dir, Configuration conf, String name) {
    return fromNewest(dir, conf, c -> {
      List<String> values = c.options().get(name);
      return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    });
  }

  /**
   * Why no checkpoint of DIR can be read, in {@link #find}'s words, or null when one can; for
   * routing {@code train --resume DIR}, which otherwise would take an unreadable run for a
   * relu2 gd run and refuse its options (sgd's --epochs, say) instead of naming the damage.
   * Moves nothing aside.
   */
  static String unreadable(String dir, Configuration conf) {
    CheckpointStore store;
    List<String> dirs;
    try {
      store = new CheckpointStore(dir, conf);
      dirs = store.committed();
    } catch (RuntimeException e) {
      return null; // the command says what is wrong with DIR when it runs
    }
    if (dirs.isEmpty()) {
      return "--resume " + dir + ": no checkpoint found (train writes checkpoint-NNNNNN "
          + "directories there when given --checkpoint-dir)";
    }
    List<String> problems = new ArrayList<>();
    for (String d : dirs) {
      try {
        store.read(d);
        return null;
      } catch (IllegalStateException e) {
        problems.add(e.getMessage());
      }
    }
    return "--resume " + dir + ": no intact checkpoint: " + String.join("; ", problems);
  }

  /**
   * The model family of the newest checkpoint in DIR ({@link Checkpoint#family}), or null
   * when DIR holds none that reads; for routing {@code train --resume DIR} before the command
   * runs.
   */
  static String savedModel(String dir, Configuration conf) {
    return fromNewest(dir, conf, Checkpoint::family);
  }

  /** {@code what} of the newest checkpoint in DIR that reads, or null when none does. */
  private static String fromNewest(String dir, Configuration conf,
      java.util.function.Function<Checkpoint, String> what) {
    try {
      CheckpointStore store = new CheckpointStore(dir, conf);
      for (String d : store.committed()) {
        try {
          return what.apply(store.read(d));
        } catch (IllegalStateException e) {
          // damaged: the command says so when it runs
        }
      }
    } catch (RuntimeException e) {
      // unreadable: the command says so when it runs
    }
    return null;
  }

  /**
   * The Jacobian Gram at initialization of any family, recomputed from the seed by a fresh
   * engine, so a resumed run's Gram drift has the original run's reference.
   */
  static double[] initialGram(JavaSparkContext jsc, Family family, int blocks, Inputs inputs,
      DriverMath math, SparkEngine.Options options) {
    try (SparkEngine initial = new SparkEngine(jsc, family, blocks, inputs, options)) {
      return math.exactGram(initial, initial.advance(null, math.forwardPass(true), 0));
    }
  }
}
