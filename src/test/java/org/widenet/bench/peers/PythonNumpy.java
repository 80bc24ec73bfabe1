package org.widenet.bench.peers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The NumPy peer tests' precondition: python3 with NumPy on this machine, else skipped. */
final class PythonNumpy {
  private PythonNumpy() {}

  /** Skips the calling test class (not fails it) when python3 cannot import numpy. */
  static void assumeAvailable() throws InterruptedException {
    boolean ok;
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true)
          .start();
      ok = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      ok = false;
    }
    assumeTrue(ok, "python3 with numpy is not available");
  }
}
