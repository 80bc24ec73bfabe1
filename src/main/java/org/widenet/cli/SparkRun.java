package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import java.util.List;
import org.widenet.report.RunReport;
import org.widenet.report.SummaryWriter;
import org.widenet.spark.SparkSessions;
import org.widenet.train.TrainingDivergedException;

/**
 * What every command that starts Spark shares once its input is validated: summary.json
 * says "running" from the start, "diverged" (with a message) when training diverged, and
 * "failed: why" if anything else goes wrong (exit 1 and one line on stderr either way); the
 * Spark session is stopped whatever happens.
 */
final class SparkRun {
  /** The command's work on a started session; it writes the completed summary itself. */
  @FunctionalInterface
  interface Body {
    void run(SparkSession spark, JavaSparkContext jsc) throws Exception;
  }

  private SparkRun() {}

  /**
   * @param verb how failures are introduced on stderr, e.g. "training"
   * @param summary the run's summary, written to outDir/summary.json on failure
   * @return 0 when the body completed, 1 when it failed
   */
  static int execute(String appName, RunOptions run, Path outDir, Map<String, Object> summary,
      PrintStream err, String verb, Body body) {
    summary.putIfAbsent("status", "running");
    summary.putIfAbsent("started_at", Instant.now().toString());
    long start = System.nanoTime();
    SparkSession spark = null;
    try {
      spark = SparkSessions.create(appName, run.master, run.sparkConf);
      body.run(spark, JavaSparkContext.fromSparkContext(spark.sparkContext()));
      report(run, outDir, err);
      return 0;
    } catch (Exception e) {
      // Not only RuntimeException: Spark and Hadoop throw checked exceptions undeclared
      // (SparkException when a job fails, IOException subclasses from the filesystem).
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      if (e instanceof TrainingDivergedException) {
        summary.put("status", "diverged");
        summary.put("message", why);
      } else {
        summary.put("status", "failed: " + why);
      }
      summary.put("wall_seconds", (System.nanoTime() - start) / 1e9);
      SummaryWriter.write(outDir.resolve(OutputDirectory.SUMMARY), summary);
      err.println("widenet: " + verb + " failed: " + why.lines().findFirst().orElse(why));
      report(run, outDir, err);
      return 1;
    } finally {
      if (spark != null) {
        spark.stop();
      }
    }
  }

  /**
   * train --report: the run's report.html and figures in outDir/report (a failure to write it
   * is a warning: the run's own outputs are complete).
   */
  private static void report(RunOptions run, Path outDir, PrintStream err) {
    if (!run.report) {
      return;
    }
    try {
      Path html = RunReport.write(List.of(outDir), outDir.resolve("report"));
      err.println("widenet: report in " + html);
    } catch (RuntimeException e) {
      err.println("widenet: warning: could not write the report: " + e.getMessage());
    }
  }

  /** The one-line report of bad input (exit code 2); an I/O error names its cause too. */
  static int inputError(PrintStream err, RuntimeException e) {
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      err.println("widenet: error: " + e.getMessage() + ": " + e.getCause().getMessage());
    } else {
      err.println("widenet: error: " + e.getMessage());
    }
    return 2;
  }
}
