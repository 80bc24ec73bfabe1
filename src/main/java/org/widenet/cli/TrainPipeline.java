package org.widenet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.widenet.data.DataException;
import org.widenet.report.SummaryWriter;

/**
 * The one train pipeline. Every family's {@code widenet train} command extends it with its
 * options, its checks and its training; the pipeline owns the order every run follows and what
 * every run writes the same way:
 *
 * <ol>
 *   <li>read the options, under {@code --resume DIR} over the checkpointed run's;
 *   <li>check the family's options, then {@code --out} (kept unless {@code --overwrite}, or a
 *       resume into the run's own directory), then read and check the data, and on resume
 *       refuse a changed result-affecting setting: all before Spark starts, each failure one
 *       line on stderr and exit status 2;
 *   <li>prepare {@code --out} (a resume restores the checkpoint's metrics.csv) and start Spark;
 *   <li>let the family train, evaluate and save its model ({@link #train});
 *   <li>finish summary.json (status, losses, iterations, wall time) and print the done line.
 * </ol>
 */
abstract class TrainPipeline {
  protected final PrintStream out;
  protected final PrintStream err;
  private final List<OptionSpec> specs;
  private final String usage;
  private final String about;

  /**
   * @param specs every option the command reads, in help order
   * @param usage the help's first line
   * @param about the help's one-line description
   */
  TrainPipeline(PrintStream out, PrintStream err, List<OptionSpec> specs, String usage,
      String about) {
    this.out = out;
    this.err = err;
    this.specs = specs;
    this.usage = usage;
    this.about = about;
  }

  /**
   * What a family's training reports: summary.json's initial_loss, final_loss and iterations,
   * and the done line, which counts {@code steps} in {@code unit} ("iterations", "sgd steps").
   */
  record Outcome(double initialLoss, double finalLoss, long steps, String unit) {}

  /** A run whose inputs passed every check, once Spark is up. */
  record Session(SparkSession spark, JavaSparkContext jsc, Path outDir,
      Map<String, Object> summary, Checkpointing checkpointing, ParsedOptions options) {
    Path summaryFile() {
      return outDir.resolve(OutputDirectory.SUMMARY);
    }

    Path metricsFile() {
      return outDir.resolve(OutputDirectory.METRICS);
    }

    /** Where the trained model goes: --out/model, as a URI for Spark's writers. */
    String modelUri() {
      return outDir.resolve(OutputDirectory.MODEL).toUri().toString();
    }

    /** Writes summary.json as it stands (a run that dies later still leaves its settings). */
    void writeSummary() throws IOException {
      SummaryWriter.write(summaryFile(), summary);
    }

    /**
     * The options a checkpoint saves for {@code --resume}: these, with the output directory
     * and the block count the run really used.
     */
    ParsedOptions resumable(int blocks) {
      return options.with("out", outDir.toString()).with("partitions",
          Integer.toString(blocks));
    }
  }

  /** Every option the command reads, in help order. */
  final List<OptionSpec> specs() {
    return specs;
  }

  /** The command's help text. */
  final String help() {
    return RunOptions.help(usage, about, specs);
  }

  /**
   * Options refused before {@code --resume} is even read (default: none), for a command that
   * cannot resume at all.
   */
  void checkGiven(ParsedOptions given) {}

  /**
   * Checks the family's options, everything that does not need the data, and keeps what it
   * parsed.
   *
   * @param resume the run being resumed, or null
   * @return the run options (--out, --master, --overwrite, Spark settings)
   * @throws UsageException (or IllegalArgumentException) naming the option
   */
  abstract RunOptions checkOptions(ParsedOptions o, Checkpointing checkpointing, Resume resume);

  /** Reads the data and checks it against the options. */
  abstract void loadData();

  /** The settings that decide the result, compared with a resumed checkpoint's. */
  abstract Map<String, String> resultSettings();

  /** Warnings about accepted input, printed before Spark starts (default: none). */
  void warnings() {}

  /** The name Spark's UI shows. */
  String appName() {
    return "widenet train";
  }

  /**
   * Trains on Spark, writes metrics.csv as it goes, evaluates, saves the model, and puts the
   * family's settings and results into the session's summary (which the pipeline finishes).
   */
  abstract Outcome train(Session session) throws Exception;

  /** Runs the command: 0 when training completed, 2 for bad input, 1 for a failed run. */
  final int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(help());
      return 0;
    }
    ParsedOptions o;
    RunOptions run;
    Checkpointing checkpointing;
    Path outDir;
    try {
      ParsedOptions given = ParsedOptions.parse(specs(), args);
      checkGiven(given);
      Resume resume = given.has("resume")
          ? Resume.find(given.get("resume"), new Configuration(), err) : null;
      o = resume == null ? given : resume.options(given, specs());
      checkpointing = new Checkpointing(o.get("checkpoint-dir"),
          SharedTrainOptions.checkpointEvery(o), resume);
      run = checkOptions(o, checkpointing, resume);
      outDir = Path.of(SharedTrainOptions.out(run));
      boolean reuseOut = run.overwrite || (resume != null && resume.isOriginalOut(outDir));
      OutputDirectory.check(outDir, reuseOut);
      loadData();
      if (resume != null) {
        resume.checkSettings(resultSettings());
      }
      OutputDirectory.prepare(outDir, reuseOut);
      if (resume != null) {
        checkpointing.restoreMetrics(outDir);
      }
    } catch (UsageException | DataException | IllegalArgumentException
        | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    warnings();
    Map<String, Object> summary = new LinkedHashMap<>();
    long start = System.nanoTime();
    ParsedOptions options = o;
    Checkpointing ck = checkpointing;
    return SparkRun.execute(appName(), run, outDir, summary, err, "training", (spark, jsc) -> {
      Session session = new Session(spark, jsc, outDir, summary, ck, options);
      Outcome done = train(session);
      summary.put("status", "completed");
      summary.put("initial_loss", done.initialLoss());
      summary.put("final_loss", done.finalLoss());
      summary.put("iterations", done.steps());
      summary.put("wall_seconds", (System.nanoTime() - start) / 1e9);
      summary.put("finished_at", Instant.now().toString());
      session.writeSummary();
      out.printf(Locale.ROOT, "done: loss %.6e -> %.6e in %d %s; outputs in %s%n",
          done.initialLoss(), done.finalLoss(), done.steps(), done.unit(), outDir);
    });
  }
}
