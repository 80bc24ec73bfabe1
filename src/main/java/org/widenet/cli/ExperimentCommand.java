package org.widenet.cli;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.data.DataException;
import org.widenet.data.ImageClassData;
import org.widenet.experiment.AroraExperiment;
import org.widenet.experiment.AroraReport;
import org.widenet.experiment.AroraSettings;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;

/** {@code widenet experiment arora}: the reproduction of Arora et al. (2019), Figures 1-2. */
final class ExperimentCommand {
  static final String FASHION_MNIST = "/usr/share/datasets/fashion-mnist";

  static final List<OptionSpec> SPECS = RunOptions.concat(List.of(RunOptions.CONFIG), List.of(
      OptionSpec.value("data", "DIR", FASHION_MNIST, "IDX directory (MNIST layout; "
          + "apt-get install dataset-fashion-mnist)"),
      OptionSpec.value("classes", "A,B", "0,1", "the two classes (Appendix A: the first two)"),
      OptionSpec.value("n", "N", "500", "training images (paper: 10000)"),
      OptionSpec.value("test-n", "N", "500", "test images (paper: 2000)"),
      OptionSpec.value("width", "M", "4000", "hidden neurons (paper: 10000)"),
      OptionSpec.value("init-scale", "KAPPA", "0.01", "kappa of the initialization "
          + "(Appendix A)"),
      OptionSpec.value("lr", "X|auto|paper", "auto", "step on widenet's loss 0.5||f-y||^2; "
          + "auto = 1/lambda_max(H-inf); paper = 1e-3 on the mean squared error = 2e-3/n"),
      OptionSpec.value("iterations", "T", "300", "gradient-descent iterations of every run"),
      OptionSpec.value("fractions", "P,..", "0,0.2,0.4,0.6,0.8,1", "random-label fractions "
          + "of Figure 2"),
      OptionSpec.value("seed", "S", "0", "network seed (labels use S+1, S+2)"),
      OptionSpec.value("partitions", "P", "Spark's default parallelism", "neuron blocks")),
      RunOptions.SPECS);

  private final PrintStream out;
  private final PrintStream err;

  ExperimentCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String help() {
    return RunOptions.help("widenet experiment arora [options]", "Reproduces Arora et al. "
        + "(2019) Figures 1-2 on an IDX image set: training curves vs Theorem 4.1,\nthe "
        + "spectrum of H-infinity, and complexity / test error vs random labels.", SPECS);
  }

  int run(String[] args) {
    if (args.length > 0 && args[0].equals("diffusion")) {
      return new DiffusionCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length > 0 && args[0].equals("teacher-student")) {
      return new TeacherStudentCommand(out, err).run(Arrays.copyOfRange(args, 1, args.length));
    }
    if (args.length == 0 || !args[0].equals("arora")) {
      if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
        out.print(help());
        return 0;
      }
      err.println("widenet: error: experiment needs a name (experiments: arora, diffusion, "
          + "teacher-student)");
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (RunOptions.wantsHelp(rest)) {
      out.print(help());
      return 0;
    }
    ParsedOptions o;
    AroraSettings settings;
    RunOptions run;
    Path outDir;
    try {
      o = ParsedOptions.parse(SPECS, rest);
      run = new RunOptions(o);
      settings = settings(o, 1);
      outDir = Path.of(run.out != null ? run.out : "runs/arora");
      OutputDirectory.check(outDir, run.overwrite);
      ImageClassData.load(settings.dataDir(), ImageClassData.Split.TRAIN, settings.classes()[0],
          settings.classes()[1], 1);
      OutputDirectory.prepare(outDir, run.overwrite);
    } catch (UsageException | DataException | IllegalArgumentException
        | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", "running");
    summary.put("experiment", "arora");
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    AroraSettings parsed = settings;
    return SparkRun.execute("widenet experiment arora", run, outDir, summary, err,
        "experiment", (spark, jsc) -> {
          int blocks = o.has("partitions") ? parsed.partitions()
              : (int) Math.min(jsc.defaultParallelism(), parsed.width());
          AroraSettings s = settings(o, blocks);
          Provenance.describe(summary);
          summary.put("settings", describe(s));
          SummaryWriter.write(summaryFile, summary);
          AroraExperiment.Results results = AroraExperiment.run(jsc, s, out);
          Map<String, Object> findings = AroraReport.write(outDir, results,
              "widenet experiment " + String.join(" ", args));
          summary.put("status", "completed");
          summary.put("learning_rate", results.eta());
          summary.put("lambda_min", results.spectrum().lambdaMin());
          summary.put("lambda_max", results.spectrum().lambdaMax());
          summary.put("findings", findings);
          summary.put("wall_seconds", results.seconds());
          SummaryWriter.write(summaryFile, summary);
          out.printf(Locale.ROOT, "arora: done in %.0f s; open %s%n", results.seconds(),
              outDir.resolve(AroraReport.REPORT));
        });
  }

  private static AroraSettings settings(ParsedOptions o, int partitions) {
    int n = o.getInt("n", 500);
    String lr = o.get("lr") == null ? "auto" : o.get("lr").trim().toLowerCase(Locale.ROOT);
    double eta = lr.equals("auto") ? Double.NaN
        : lr.equals("paper") ? AroraSettings.paperLearningRate(n) : o.getDouble("lr", 1);
    if (!Double.isNaN(eta) && !(eta > 0)) {
      throw new UsageException("--lr must be positive, auto or paper, got " + o.get("lr"));
    }
    List<Double> fractions = new ArrayList<>();
    String spec = o.get("fractions") == null ? "0,0.2,0.4,0.6,0.8,1" : o.get("fractions");
    for (String part : spec.split(",")) {
      try {
        fractions.add(Double.parseDouble(part.trim()));
      } catch (NumberFormatException e) {
        throw new UsageException("--fractions \"" + spec + "\": \"" + part + "\" is not a "
            + "number");
      }
    }
    try {
      return new AroraSettings(o.get("data") == null ? FASHION_MNIST : o.get("data"),
          o.get("classes", new int[] {0, 1}, ImageClassData::parseClasses), n,
          o.getInt("test-n", 500), o.getLong("width", 4000), o.getDouble("init-scale", 0.01),
          eta, o.getInt("iterations", 300), fractions, o.getLong("seed", 0),
          o.has("partitions") ? o.getInt("partitions", 1) : partitions);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static Map<String, Object> describe(AroraSettings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", s.dataDir());
    m.put("classes", s.classes()[0] + "," + s.classes()[1]);
    m.put("n", s.n());
    m.put("test_n", s.testN());
    m.put("width", s.width());
    m.put("init_scale", s.initScale());
    m.put("lr", Double.isNaN(s.learningRate()) ? "auto" : s.learningRate());
    m.put("iterations", s.iterations());
    m.put("fractions", s.fractions());
    m.put("seed", s.seed());
    m.put("partitions", s.partitions());
    return m;
  }
}
