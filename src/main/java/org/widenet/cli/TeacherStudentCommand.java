package org.widenet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.widenet.data.DataException;
import org.widenet.experiment.teacher.ImageClasses;
import org.widenet.experiment.teacher.StudentTrainer;
import org.widenet.experiment.teacher.Students;
import org.widenet.experiment.teacher.TeacherStudentExperiment;
import org.widenet.experiment.teacher.TeacherStudentReport;
import org.widenet.experiment.teacher.TeacherStudentSettings;
import org.widenet.report.Provenance;
import org.widenet.report.SummaryWriter;

/**
 * {@code widenet experiment teacher-student}: Song et al. (2021) Section 6 / Appendix G on
 * Fashion-MNIST (see {@link TeacherStudentExperiment}).
 */
final class TeacherStudentCommand {
  static final List<OptionSpec> SPECS = List.of(RunOptions.CONFIG,
      OptionSpec.value("data", "DIR", ExperimentCommand.FASHION_MNIST, "IDX directory (MNIST "
          + "layout; apt-get install dataset-fashion-mnist)"),
      OptionSpec.value("n", "N", "2000", "training images, all ten classes (paper: 60000)"),
      OptionSpec.value("test-n", "N", "1000", "test images (paper: 10000)"),
      OptionSpec.value("width", "D1", "1000", "hidden neurons of every student (paper: 1000)"),
      OptionSpec.value("teacher-width", "H", "1000", "hidden neurons of the teacher"),
      OptionSpec.value("teacher-epochs", "E", "30", "most teacher epochs (stops at zero "
          + "training error)"),
      OptionSpec.value("teacher-lr", "X", "5", "teacher's SGD step on the cross-entropy (large: "
          + "inputs have unit norm)"),
      OptionSpec.value("epochs", "E", "5", "SGD epochs of every student (paper: 300)"),
      OptionSpec.value("batch-size", "B", "128", "mini-batch size (paper: 128)"),
      OptionSpec.value("lr", "X", "0.01", "students' SGD step on the mean squared error "
          + "(paper: 0.01)"),
      OptionSpec.value("omega2-range", "LO,HI", "0.002,0.1", "omega2 sweep ends (paper)"),
      OptionSpec.value("points", "K", "5", "omega2 values, log-spaced (paper: 10)"),
      OptionSpec.value("seeds", "S", "5", "students per omega2 (paper: 5)"),
      OptionSpec.value("seed", "S", "0", "teacher seed; students use S+1 .. S+seeds"),
      OptionSpec.value("student", "driver|smooth2", Students.DEFAULT, "student trainer"),
      OptionSpec.value("out", "DIR", "runs/teacher-student", "output directory (must be "
          + "empty or new)"),
      OptionSpec.flag("overwrite", "replace widenet's outputs in a non-empty --out"),
      OptionSpec.flag("help", "print this help"));

  private static final List<String> OWN = List.of(TeacherStudentReport.SWEEP,
      TeacherStudentReport.RUNS, TeacherStudentReport.FIGURE, TeacherStudentReport.REPORT);

  private final PrintStream out;
  private final PrintStream err;

  TeacherStudentCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  static String help() {
    return RunOptions.help("widenet experiment teacher-student [options]", "Reproduces Song "
        + "et al. (2021) Section 6: students of a teacher's labels, train and test error\nwith "
        + "95% intervals over seeds, for a sweep of omega2/omega1 at the He product.", SPECS);
  }

  int run(String[] args) {
    if (RunOptions.wantsHelp(args)) {
      out.print(help());
      return 0;
    }
    TeacherStudentSettings s;
    StudentTrainer student;
    Path outDir;
    String studentName;
    try {
      ParsedOptions o = ParsedOptions.parse(SPECS, args);
      s = settings(o);
      studentName = o.get("student") == null ? Students.DEFAULT
          : o.get("student").trim().toLowerCase(Locale.ROOT);
      student = Students.named(studentName, s);
      outDir = Path.of(o.get("out") != null ? o.get("out") : "runs/teacher-student");
      boolean overwrite = o.flag("overwrite");
      OutputDirectory.check(outDir, overwrite);
      ImageClasses.load(s.dataDir(), 1, 1);
      OutputDirectory.prepare(outDir, overwrite);
      for (String name : OWN) {
        Files.deleteIfExists(outDir.resolve(name));
      }
    } catch (IOException e) {
      return SparkRun.inputError(err, new UncheckedIOException("cannot prepare --out", e));
    } catch (UsageException | DataException | IllegalArgumentException
        | UncheckedIOException e) {
      return SparkRun.inputError(err, e);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("status", "running");
    summary.put("experiment", "teacher-student");
    summary.put("started_at", Instant.now().toString());
    Provenance.describe(summary);
    summary.put("settings", describe(s, studentName));
    Path summaryFile = outDir.resolve(OutputDirectory.SUMMARY);
    SummaryWriter.write(summaryFile, summary);
    try {
      TeacherStudentExperiment.Results results = TeacherStudentExperiment.run(s, student, out);
      Map<String, Object> findings = TeacherStudentReport.write(outDir, results,
          "widenet experiment teacher-student " + String.join(" ", args));
      summary.put("status", "completed");
      summary.putAll(findings);
      summary.put("wall_seconds", results.seconds());
      SummaryWriter.write(summaryFile, summary);
      out.println(findings.get("summary"));
      out.printf(Locale.ROOT, "teacher-student: done in %.0f s; open %s%n", results.seconds(),
          outDir.resolve(TeacherStudentReport.REPORT));
      return 0;
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      summary.put("status", "failed: " + why);
      SummaryWriter.write(summaryFile, summary);
      err.println("widenet: experiment failed: " + why.lines().findFirst().orElse(why));
      return 1;
    }
  }

  private static TeacherStudentSettings settings(ParsedOptions o) {
    double[] range = o.get("omega2-range", new double[] {0.002, 0.1}, text -> {
      String[] parts = text.split(",");
      if (parts.length != 2) {
        throw new IllegalArgumentException("expected LO,HI");
      }
      return new double[] {Double.parseDouble(parts[0].trim()),
          Double.parseDouble(parts[1].trim())};
    });
    try {
      return new TeacherStudentSettings(o.get("data") == null ? ExperimentCommand.FASHION_MNIST
          : o.get("data"), o.getInt("n", 2000), o.getInt("test-n", 1000),
          o.getInt("width", 1000), o.getInt("teacher-width", 1000),
          o.getInt("teacher-epochs", 30), o.getDouble("teacher-lr", 5), o.getInt("epochs", 5),
          o.getInt("batch-size", 128), o.getDouble("lr", 0.01), range[0], range[1],
          o.getInt("points", 5), o.getInt("seeds", 5), o.getLong("seed", 0));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  private static Map<String, Object> describe(TeacherStudentSettings s, String student) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("data", s.dataDir());
    m.put("n", s.n());
    m.put("test_n", s.testN());
    m.put("width", s.width());
    m.put("teacher_width", s.teacherWidth());
    m.put("teacher_epochs", s.teacherEpochs());
    m.put("teacher_lr", s.teacherLr());
    m.put("epochs", s.epochs());
    m.put("batch_size", s.batch());
    m.put("lr", s.lr());
    m.put("omega2_range", List.of(s.omega2Low(), s.omega2High()));
    m.put("points", s.points());
    m.put("seeds", s.seeds());
    m.put("seed", s.seed());
    m.put("student", student);
    return m;
  }
}
