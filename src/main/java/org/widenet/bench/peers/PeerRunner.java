package org.widenet.bench.peers;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.widenet.bench.BenchCase;
import org.widenet.bench.BenchCase.Kind;
import org.widenet.bench.BenchResult;
import org.widenet.bench.CaseRunner;
import org.widenet.data.Dataset;

/**
 * Runs the peers for a suite's cases: for every distinct relu2-gd shape the NumPy GD step and
 * MLlib's MLP, for every relu2-gram shape the NumPy Gram, for every exp2, softmax2, smooth2 and
 * deep-last shape that family's NumPy twin ({@link NumpyFamilyPeer}); on the same data as
 * widenet's case ({@link CaseRunner#data}) and with the same BLAS reference rate. A peer that
 * cannot run gives a skipped row and a line on the progress stream, never an exception.
 */
public final class PeerRunner {
  private final CaseRunner widenet;
  private final SparkSession session;
  private final String engine;
  private final int warmup;
  private final int iterations;
  private final double limitSeconds;
  private final PrintStream progress;

  /**
   * @param session the bench's Spark session, or null (engine local: MLlib is skipped)
   * @param engine the widenet engine's description, e.g. "spark local[*]"
   * @param limitSeconds wall-time limit of each peer run
   */
  public PeerRunner(CaseRunner widenet, SparkSession session, String engine, int warmup,
      int iterations, double limitSeconds, PrintStream progress) {
    this.widenet = widenet;
    this.session = session;
    this.engine = engine;
    this.warmup = Math.max(1, warmup);
    this.iterations = iterations;
    this.limitSeconds = limitSeconds;
    this.progress = progress;
  }

  /** The peer cases for {@code cases}, in run order. */
  public static List<BenchCase> peerCases(List<BenchCase> cases) {
    Set<BenchCase> peers = new LinkedHashSet<>();
    for (BenchCase c : cases) {
      if (c.kind() == Kind.GD && c.name().equals(PeerRows.WIDENET_GD)) {
        peers.add(PeerRows.peerCase(PeerRows.NUMPY_GD, c));
        peers.add(PeerRows.peerCase(PeerRows.MLLIB, c));
      } else if (c.kind() == Kind.GRAM && c.name().equals(PeerRows.WIDENET_GRAM)) {
        peers.add(PeerRows.peerCase(PeerRows.NUMPY_GRAM, c));
      } else if (NumpyFamilyPeer.peerCase(c) != null) {
        peers.add(NumpyFamilyPeer.peerCase(c));
      }
    }
    return List.copyOf(peers);
  }

  /** Runs every peer of {@code cases}; each row goes to {@code done} as it is made. */
  public List<BenchResult> run(List<BenchCase> cases, Consumer<BenchResult> done) {
    int threads = Runtime.getRuntime().availableProcessors();
    NumpyPeer numpy = new NumpyPeer("python3", NumpyPeer.findScript(), threads, limitSeconds);
    List<BenchCase> peers = peerCases(cases);
    List<BenchResult> rows = new ArrayList<>();
    for (int i = 0; i < peers.size(); i++) {
      BenchCase p = peers.get(i);
      progress.printf(Locale.ROOT, "bench: peer [%d/%d] %s%n", i + 1, peers.size(), p.label());
      Dataset data = CaseRunner.data(p);
      BenchCase ours = new BenchCase(p.name().equals(PeerRows.NUMPY_GRAM)
          ? PeerRows.WIDENET_GRAM : PeerRows.WIDENET_GD, p.kind(), p.n(), p.d(), p.m(), false);
      BenchResult row;
      try {
        // A family twin's row has its own case's rate.
        // A peer steps the weights: its reference is their calls, also where widenet's blocks
        // step in the span form (BenchCase#spanForm).
        double blasRate = NumpyFamilyPeer.covers(p) ? Double.NaN
            : widenet.blasRate(ours.spanForm() ? p : ours);
        if (NumpyFamilyPeer.covers(p)) {
          row = new NumpyFamilyPeer("python3", NumpyFamilyPeer.findScript(), threads,
              limitSeconds).row(p, widenet, warmup, iterations);
        } else if (p.name().equals(PeerRows.MLLIB)) {
          MllibPeer.Outcome o = session == null
              ? new MllibPeer.Outcome(null, "skipped: MLlib needs --engine spark")
              : new MllibPeer(session, limitSeconds, Runtime.getRuntime().maxMemory())
                  .fit(data, p.m(), warmup + iterations);
          row = PeerRows.mllib(p, o, warmup, iterations, engine, blasRate);
        } else {
          String op = p.kind() == Kind.GRAM ? "gram" : "gd";
          row = PeerRows.numpy(p, numpy.time(op, data, p.m(), warmup, iterations), warmup,
              threads, blasRate);
        }
      } catch (Exception e) {
        // Spark's exceptions are checked but thrown undeclared through Scala.
        String why = e.getMessage() == null ? e.toString()
            : e.getMessage().lines().findFirst().orElse(e.toString());
        row = BenchResult.notRun(p, "failed: " + why, "", 0, 0, warmup, "");
      }
      if (row.ok()) {
        progress.printf(Locale.ROOT, "bench:   median %.4g s, %.3g GFLOP/s, %.2f of the BLAS "
            + "rate%n", row.timing().median(), row.gflops(), row.blasRatio());
      } else {
        String who = p.name().equals(PeerRows.MLLIB) ? "MLlib peer " : "numpy peer ";
        progress.println(who + row.status());
      }
      rows.add(row);
      done.accept(row);
    }
    return rows;
  }
}
