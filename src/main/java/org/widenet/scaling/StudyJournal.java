package org.widenet.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What makes a scaling study resumable: study.json, the settings that decide its result
 * (written when the study starts), and trials.csv, one line per finished run, appended and
 * flushed as each run finishes. A study rerun with the same --out reads trials.csv back and
 * does not run those trials again: every run is deterministic, so the search replays the
 * finished ones from the file and continues where the earlier run stopped, with the result an
 * uninterrupted run gives. A rerun whose settings differ from study.json is refused, naming
 * the option. A torn last line (the process killed mid-write) is dropped.
 *
 * <p>--parallel-runs, --partitions, --engine and the Spark options are not in study.json:
 * they change how fast a study runs, not its result (different block counts agree to rounding
 * error).
 */
public final class StudyJournal implements AutoCloseable {
  /** The study's settings. */
  public static final String SETTINGS = "study.json";
  /** The finished runs. */
  public static final String TRIALS = "trials.csv";

  static final String HEADER = "n,data_seed,seed,width,reach_iteration,initial_loss,"
      + "final_loss,lambda_min,lambda_max,max_move,fro_move,gram_drift,seconds";

  private final Map<String, RunOutcome> finished = new ConcurrentHashMap<>();
  private final java.util.Set<String> atStart;
  private final AtomicInteger reused = new AtomicInteger();
  private final BufferedWriter out;
  private final int read;

  private StudyJournal(Path dir) throws IOException {
    Path file = dir.resolve(TRIALS);
    List<String> good = new ArrayList<>();
    boolean repair = false;
    if (Files.exists(file)) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      List<String> lines = text.lines().toList();
      if (!lines.isEmpty() && !lines.get(0).equals(HEADER)) {
        throw new IllegalStateException(file + ": not a trials file of this widenet version "
            + "(header " + lines.get(0) + ")");
      }
      repair = !text.isEmpty() && !text.endsWith("\n");
      for (int i = 1; i < lines.size(); i++) {
        RunOutcome r = parse(lines.get(i));
        if (r == null) {
          if (i == lines.size() - 1) {
            repair = true;
            continue;
          }
          throw new IllegalStateException(file + " line " + (i + 1) + " is malformed: "
              + lines.get(i));
        }
        finished.put(key(r.n(), r.width(), r.seed(), r.dataSeed()), r);
        good.add(lines.get(i));
      }
    }
    read = good.size();
    atStart = java.util.Set.copyOf(finished.keySet());
    if (repair || !Files.exists(file)) {
      Path tmp = dir.resolve(TRIALS + ".tmp");
      List<String> all = new ArrayList<>();
      all.add(HEADER);
      all.addAll(good);
      Files.write(tmp, all, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    }
    out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }

  /**
   * Opens the journal in {@code dir}: reads the finished runs of trials.csv (creating it when
   * missing) and appends to it from now on.
   */
  public static StudyJournal open(Path dir) {
    try {
      return new StudyJournal(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + dir.resolve(TRIALS), e);
    }
  }

  /** How many finished runs trials.csv held when opened. */
  public int finishedAtStart() {
    return read;
  }

  /** Whether {@code r} is a run trials.csv held when opened (not trained by this process). */
  public boolean fromFile(RunOutcome r) {
    return atStart.contains(key(r.n(), r.width(), r.seed(), r.dataSeed()));
  }

  /** How many runs were answered from trials.csv instead of being trained. */
  public int reused() {
    return reused.get();
  }

  /**
   * {@code trial} with the journal in front: a run in trials.csv is answered from it, any
   * other is trained and then appended (and flushed) before it is returned.
   */
  public WidthTrial wrap(WidthTrial trial) {
    return new WidthTrial() {
      @Override
      public RunOutcome run(int n, long width, long seed, long dataSeed) throws Exception {
        RunOutcome done = finished.get(key(n, width, seed, dataSeed));
        if (done != null) {
          reused.incrementAndGet();
          return done;
        }
        RunOutcome r = trial.run(n, width, seed, dataSeed).withDataSeed(dataSeed);
        append(r);
        return r;
      }

      @Override
      public long widthMultiple() {
        return trial.widthMultiple();
      }
    };
  }

  private synchronized void append(RunOutcome r) throws IOException {
    out.write(line(r));
    out.newLine();
    out.flush();
    finished.put(key(r.n(), r.width(), r.seed(), r.dataSeed()), r);
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close " + TRIALS, e);
    }
  }

  private static String key(int n, long width, long seed, long dataSeed) {
    return n + "," + dataSeed + "," + seed + "," + width;
  }

  static String line(RunOutcome r) {
    return r.n() + "," + r.dataSeed() + "," + r.seed() + "," + r.width() + ","
        + r.reachIteration() + "," + cell(r.initialLoss()) + "," + cell(r.finalLoss()) + ","
        + cell(r.lambdaMin()) + "," + cell(r.lambdaMax()) + "," + cell(r.maxMove()) + ","
        + cell(r.froMove()) + "," + cell(r.gramDrift()) + "," + cell(r.seconds());
  }

  /** Java's round-trip form, NaN as empty: reads back to the same double. */
  private static String cell(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  /** The run of one line, or null when the line is malformed. */
  static RunOutcome parse(String line) {
    String[] c = line.split(",", -1);
    if (c.length != 13) {
      return null;
    }
    try {
      double[] v = new double[8];
      for (int i = 0; i < 8; i++) {
        v[i] = c[5 + i].isEmpty() ? Double.NaN : Double.parseDouble(c[5 + i]);
      }
      return new RunOutcome(Integer.parseInt(c[0]), Long.parseLong(c[3]), Long.parseLong(c[2]),
          v[0], v[1], Integer.parseInt(c[4]), v[2], v[3], v[4], v[5], v[6], v[7],
          Long.parseLong(c[1]));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The settings that decide the study's result, keyed by their option names. */
  public static Map<String, Object> describe(ScalingSettings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("model", s.model());
    m.put("data", s.data() == null ? "synthetic" : s.data());
    m.put("n", s.ns());
    m.put("data-seeds", s.dataSeeds());
    m.put("data-seed", s.dataSeed());
    m.put("d", s.d());
    m.put("target", s.target());
    m.put("width-grid", s.widths());
    m.put("resolution", s.resolution());
    m.put("seeds", s.seeds());
    m.put("seed", s.seed0());
    m.put("rule", s.rule().cliName());
    m.put("target-loss", s.targetLoss());
    m.put("max-iterations", s.maxIterations());
    if (s.scaledBudget()) {
      m.put("budget-factor", s.budgetFactor());
    }
    m.put("lr", Double.isNaN(s.learningRate()) ? "auto" : s.learningRate());
    m.put("init-scale", s.initScale());
    return m;
  }

  /** Whether {@code dir} holds a study (its study.json). */
  public static boolean isStudy(Path dir) {
    return Files.isRegularFile(dir.resolve(SETTINGS));
  }

  /** Writes study.json for {@code s} into {@code dir}. */
  public static void writeSettings(Path dir, ScalingSettings s) {
    try {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("widenet_scaling_study", 1);
      m.putAll(describe(s));
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(dir.resolve(SETTINGS).toFile(), m);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(SETTINGS), e);
    }
  }

  /**
   * Null when the study in {@code dir} was started with the settings {@code s} decide by;
   * otherwise one line naming the first option that differs.
   */
  public static String mismatch(Path dir, ScalingSettings s) {
    JsonNode stored;
    try {
      stored = new ObjectMapper().readTree(dir.resolve(SETTINGS).toFile());
    } catch (IOException e) {
      return "--out " + dir + ": cannot read its " + SETTINGS + " (" + e.getMessage() + ")";
    }
    JsonNode now = new ObjectMapper().valueToTree(describe(s));
    for (Iterator<Map.Entry<String, JsonNode>> it = now.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode was = stored.get(e.getKey());
      if (was == null || !was.toString().equals(e.getValue().toString())) {
        return "--out " + dir + " holds a study with --" + e.getKey() + " "
            + (was == null ? "(unset)" : text(was)) + ", this run asks for --" + e.getKey()
            + " " + text(e.getValue()) + ": rerun with the study's settings to resume it, or "
            + "choose another --out";
      }
    }
    for (Iterator<String> it = stored.fieldNames(); it.hasNext();) {
      String key = it.next();
      if (!key.equals("widenet_scaling_study") && !now.has(key)) {
        return "--out " + dir + " holds a study with --" + key + " " + text(stored.get(key))
            + ", this run does not set it: rerun with the study's settings to resume it, or "
            + "choose another --out";
      }
    }
    return null;
  }

  private static String text(JsonNode v) {
    if (v.isArray()) {
      List<String> parts = new ArrayList<>();
      v.forEach(x -> parts.add(x.asText()));
      return String.join(",", parts);
    }
    return v.asText();
  }
}
