package org.widenet.bench.peers;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a NumPy peer script ({@link NumpyPeer}, {@link NumpyFamilyPeer}) with python3: the
 * data go to it as a little-endian float64 file ({@code --data}), optional weights likewise
 * ({@code --weights}), its JSON comes back on stdout as a {@link NumpyResult}. BLAS threads
 * (OPENBLAS_ / OMP_ / MKL_NUM_THREADS) are set to {@code threads} for it. A missing python3,
 * NumPy or script, a time-out or a failure comes back as a {@link NumpyPeer.Outcome} with a
 * reason, never thrown; temporary files are removed.
 *
 * @param python the interpreter ("python3")
 * @param script the script, or null when it was not found (every run is then skipped)
 * @param name the script's path relative to the repository root, for messages
 * @param threads BLAS threads for the script
 * @param limitSeconds wall-time limit of one run, after which it is killed and skipped
 */
record ScriptProcess(String python, Path script, String name, int threads,
    double limitSeconds) {

  /**
   * Runs {@code python script head... --data FILE [--weights W] tail...}.
   *
   * @param data the values of the data file
   * @param weights the weights file, or null
   */
  NumpyPeer.Outcome run(double[] data, List<String> head, Path weights, List<String> tail) {
    if (script == null) {
      return NumpyPeer.Outcome.no("skipped: " + name + " not found next to the widenet jar "
          + "or under the working directory");
    }
    Path dir = null;
    try {
      dir = Files.createTempDirectory("widenet-numpy-peer");
      Path dataFile = dir.resolve("data.f64");
      writeDoubles(dataFile, data);
      List<String> command = new ArrayList<>(List.of(python, script.toString()));
      command.addAll(head);
      command.addAll(List.of("--data", dataFile.toString()));
      if (weights != null) {
        command.addAll(List.of("--weights", weights.toString()));
      }
      command.addAll(tail);
      ProcessBuilder pb = new ProcessBuilder(command);
      Map<String, String> env = pb.environment();
      for (String key : List.of("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")) {
        env.put(key, String.valueOf(threads));
      }
      Path stdout = dir.resolve("stdout");
      Path stderr = dir.resolve("stderr");
      pb.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
      Process process;
      try {
        process = pb.start();
      } catch (IOException e) {
        return NumpyPeer.Outcome.no("skipped: cannot run " + python + ": " + e.getMessage());
      }
      if (!process.waitFor((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        return NumpyPeer.Outcome.no(String.format(Locale.ROOT, "skipped: over the numpy "
            + "peer's time limit of %.0f s", limitSeconds));
      }
      String err = Files.readString(stderr, StandardCharsets.UTF_8).strip();
      if (process.exitValue() != 0) {
        String last = err.lines().reduce((a, b) -> b).orElse("");
        if (last.contains("No module named") && last.contains("numpy")) {
          return NumpyPeer.Outcome.no("skipped: numpy is not installed for " + python);
        }
        return NumpyPeer.Outcome.no("failed: " + python + " " + name + " exited with "
            + process.exitValue() + (last.isEmpty() ? "" : ": " + last));
      }
      NumpyResult result = NumpyResult.parse(Files.readString(stdout, StandardCharsets.UTF_8));
      return result.status().equals("ok") ? new NumpyPeer.Outcome(result, null)
          : NumpyPeer.Outcome.no(result.status());
    } catch (IOException | IllegalArgumentException e) {
      return NumpyPeer.Outcome.no("failed: numpy peer: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return NumpyPeer.Outcome.no("failed: interrupted");
    } finally {
      deleteAll(dir);
    }
  }

  /**
   * The script's --check mode: writes {@code weights} to a file, runs with {@code head}, the
   * weights and {@code tail} plus {@code --check OUT}, and returns OUT's doubles.
   *
   * @throws IllegalStateException when the script does not run or fails
   */
  double[] check(double[] data, List<String> head, double[] weights, List<String> tail)
      throws IOException {
    Path dir = Files.createTempDirectory("widenet-numpy-check");
    try {
      Path w = dir.resolve("weights.f64");
      Path out = dir.resolve("out.f64");
      writeDoubles(w, weights);
      List<String> args = new ArrayList<>(tail);
      args.addAll(List.of("--check", out.toString()));
      NumpyPeer.Outcome o = run(data, head, w, args);
      if (o.result() == null) {
        throw new IllegalStateException("numpy check did not run: " + o.reason());
      }
      ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
      double[] values = new double[buf.remaining() / 8];
      buf.asDoubleBuffer().get(values);
      return values;
    } finally {
      deleteAll(dir);
    }
  }

  /** a then b, in one new array. */
  static double[] concat(double[] a, double[] b) {
    double[] both = new double[a.length + b.length];
    System.arraycopy(a, 0, both, 0, a.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }

  /** Writes the values as little-endian float64. */
  static void writeDoubles(Path file, double[] values) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
      for (double v : values) {
        if (!buf.hasRemaining()) {
          buf.flip();
          while (buf.hasRemaining()) {
            ch.write(buf);
          }
          buf.clear();
        }
        buf.putDouble(v);
      }
      buf.flip();
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  private static void deleteAll(Path dir) {
    if (dir == null) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        Files.deleteIfExists(p);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a leftover temporary file is not worth failing over
    }
  }
}
