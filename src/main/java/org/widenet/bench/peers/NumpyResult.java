package org.widenet.bench.peers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What benchmarks/numpy_peer.py printed: the JSON object on the last line of its stdout.
 *
 * @param status "ok", or "skipped: why" when the script declined to run (e.g. not enough memory)
 * @param times seconds of each timed iteration, empty unless ok
 * @param setupSeconds loading the data and the first forward pass, NaN when not reported
 * @param chunk neurons per chunk the script used, 0 when not reported
 * @param numpy the NumPy version, "" when not reported
 * @param blas the BLAS NumPy was built with, "" when not reported
 * @param threads the OPENBLAS_NUM_THREADS the script ran with, "" when not reported
 * @param peakRssBytes the script's peak resident memory, -1 when not reported
 */
public record NumpyResult(String status, List<Double> times, double setupSeconds, long chunk,
    String numpy, String blas, String threads, long peakRssBytes) {

  public NumpyResult {
    times = List.copyOf(times);
  }

  public boolean ok() {
    return status.equals("ok") && !times.isEmpty();
  }

  /**
   * Parses the script's stdout: the last line that starts with '{'.
   *
   * @throws IllegalArgumentException when there is no such line, it is not JSON, it has no
   *     status, or an ok result has no times or a time that is not a positive number
   */
  public static NumpyResult parse(String stdout) {
    String line = null;
    for (String l : stdout.lines().toList()) {
      if (l.strip().startsWith("{")) {
        line = l.strip();
      }
    }
    if (line == null) {
      throw new IllegalArgumentException("the numpy peer printed no JSON object");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("the numpy peer printed bad JSON: " + e.getMessage(),
          e);
    }
    JsonNode status = root.get("status");
    if (status == null || !status.isTextual()) {
      throw new IllegalArgumentException("the numpy peer's JSON has no status: " + line);
    }
    List<Double> times = new ArrayList<>();
    JsonNode array = root.get("times_s");
    if (array != null && array.isArray()) {
      for (JsonNode t : array) {
        if (!t.isNumber() || !(t.asDouble() > 0) || Double.isInfinite(t.asDouble())) {
          throw new IllegalArgumentException("the numpy peer reported a bad time " + t);
        }
        times.add(t.asDouble());
      }
    }
    if (status.asText().equals("ok") && times.isEmpty() && !root.has("check")) {
      throw new IllegalArgumentException("the numpy peer reported ok but no times_s");
    }
    return new NumpyResult(status.asText(), times,
        root.path("setup_s").isNumber() ? root.get("setup_s").asDouble() : Double.NaN,
        root.path("chunk").asLong(0), root.path("numpy").asText(""),
        root.path("blas").asText(""), root.path("openblas_num_threads").asText(""),
        root.path("peak_rss_bytes").isNumber() ? root.get("peak_rss_bytes").asLong() : -1);
  }
}
