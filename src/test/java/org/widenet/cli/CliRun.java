package org.widenet.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * One in-process call of {@link Main#run}: its exit code and what it printed, kept in memory.
 * Public for the tests of other packages that drive the CLI.
 */
public record CliRun(int code, String out, String err) {

  /** Runs {@code widenet args...} with stdout and stderr captured (nothing reaches the console). */
  public static CliRun main(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new CliRun(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  /** Runs {@code widenet train args...}. */
  static CliRun train(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "train";
    System.arraycopy(args, 0, all, 1, args.length);
    return main(all);
  }

  /**
   * Runs a call that makes Spark fail on purpose with Spark's own logging switched off, so the
   * build log shows no stack traces for expected failures.
   */
  static <T> T withSparkLogsOff(Supplier<T> call) {
    Level before = LogManager.getLogger("org.apache.spark").getLevel();
    Configurator.setLevel("org.apache.spark", Level.OFF);
    try {
      return call.get();
    } finally {
      Configurator.setLevel("org.apache.spark", before);
    }
  }

  List<String> errLines() {
    return err.lines().toList();
  }

  /** For assertion messages. */
  public String describe() {
    return "exit " + code + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
  }

  /** Writes UTF-8 text and returns the path. */
  static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
