package org.widenet.bench;

import org.widenet.report.Provenance;

/**
 * The machine and software a benchmark ran on, repeated in every row of bench.csv and
 * bench.json so each row reads on its own.
 *
 * @param openblasThreads the OPENBLAS_NUM_THREADS environment variable, or "unset"
 */
public record Machine(String blas, int cores, String java, String openblasThreads,
    long maxHeapBytes, String widenetVersion, String sparkVersion, String host) {

  /** This JVM's. */
  public static Machine current() {
    String threads = System.getenv("OPENBLAS_NUM_THREADS");
    return new Machine(Provenance.blas(), Runtime.getRuntime().availableProcessors(),
        Provenance.javaVersion(), threads == null ? "unset" : threads,
        Runtime.getRuntime().maxMemory(), Provenance.widenetVersion(), Provenance.sparkVersion(),
        Provenance.hostName());
  }
}
