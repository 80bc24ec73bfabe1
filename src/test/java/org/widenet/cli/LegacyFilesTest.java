package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.testutil.Tolerance;

/**
 * What widenet 0.1.0 saved still works (src/test/resources/models and checkpoints, with their
 * READMEs): every family's saved model loads and predicts what 0.1.0 predicted, and a 0.1.0
 * relu2 checkpoint resumes to the loss column, bit for bit, of 0.1.0's uninterrupted run.
 */
class LegacyFilesTest {
  private static final String SPHERE_LINEAR = "sphere:n=12,d=3,target=linear,seed=1";
  private static final String SPHERE_COS = "sphere:n=12,d=3,target=cos,seed=1";

  @TempDir Path tmp;

  private static Path resource(String path) throws URISyntaxException {
    URL url = LegacyFilesTest.class.getResource("/" + path);
    assertTrue(url != null, "test resource " + path + " is missing");
    return Path.of(url.toURI());
  }

  /** The numbers of a CSV file, row by row, from column {@code from} on (header dropped). */
  private static List<double[]> numbers(Path csv, int from) throws IOException {
    List<double[]> rows = new ArrayList<>();
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      double[] row = new double[cells.length - from];
      for (int c = from; c < cells.length; c++) {
        row[c - from] = cells[c].isEmpty() ? Double.NaN : Double.parseDouble(cells[c]);
      }
      rows.add(row);
    }
    return rows;
  }

  private void predictsAsBefore(String model, String... data) throws Exception {
    Path dir = resource("models/" + model);
    Path out = tmp.resolve(model + "-predict");
    List<String> args = new ArrayList<>(List.of("predict", "--model", dir.toString(),
        "--master", "local[2]", "--out", out.toString()));
    args.addAll(List.of(data));
    CliRun r = CliRun.main(args.toArray(String[]::new));
    assertEquals(0, r.code(), r.describe());
    List<double[]> expected = numbers(dir.resolve("expected-predictions.csv"), 1);
    List<double[]> got = numbers(out.resolve("predictions.csv"), 1);
    assertEquals(expected.size(), got.size(), model + ": rows");
    for (int i = 0; i < expected.size(); i++) {
      assertEquals(expected.get(i).length, got.get(i).length, model + ": columns of row " + i);
      for (int c = 0; c < expected.get(i).length; c++) {
        assertEquals(expected.get(i)[c], got.get(i)[c],
            Tolerance.EXACT * (1 + Math.abs(expected.get(i)[c])),
            model + " row " + (i + 1) + " column " + c);
      }
    }
  }

  @Test
  void relu2ModelOf010PredictsAsBefore() throws Exception {
    predictsAsBefore("relu2-format1", "--synthetic", SPHERE_LINEAR);
  }

  @Test
  void exp2ModelOf010PredictsAsBefore() throws Exception {
    predictsAsBefore("exp2-format1", "--synthetic", SPHERE_LINEAR);
  }

  @Test
  void softmax2ModelOf010PredictsAsBefore() throws Exception {
    predictsAsBefore("softmax2-format1", "--data",
        Path.of("examples/softmax2-two-outputs.csv").toAbsolutePath().toString());
  }

  @Test
  void smooth2ModelOf010PredictsAsBefore() throws Exception {
    predictsAsBefore("smooth2-format1", "--synthetic", SPHERE_COS);
  }

  /**
   * 0.1.0 block files (WNBLOCK1) and manifest resume to 6 iterations. The rows the checkpoint
   * holds come back bit for bit; the new rows match 0.1.0's uninterrupted run to rounding (the
   * saved run used OpenBLAS's Haswell kernels, and another BLAS kernel rounds differently), and
   * resuming the same checkpoint twice gives the same bits.
   */
  @Test
  void relu2CheckpointOf010ResumesToTheUninterruptedRun() throws Exception {
    Path saved = resource("checkpoints/relu2-format1");
    List<double[]> expected = numbers(saved.resolve("uninterrupted-metrics.csv"), 0);
    List<double[]> first = resume(saved, "first");
    List<double[]> second = resume(saved, "second");
    assertEquals(7, first.size(), "rows 0..6");
    for (int t = 0; t < expected.size(); t++) {
      double want = expected.get(t)[1];
      double got = first.get(t)[1];
      if (t <= 4) {
        assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(got),
            "loss at checkpointed iteration " + t);
      } else {
        assertEquals(want, got, 1e-12 * Math.abs(want), "loss at iteration " + t);
      }
      assertEquals(Double.doubleToRawLongBits(got), Double.doubleToRawLongBits(second.get(t)[1]),
          "loss at iteration " + t + " of a second resume");
    }
  }

  private List<double[]> resume(Path saved, String name) throws Exception {
    Path checkpoints = tmp.resolve(name + "-ck");
    RunOutputs.copyTree(saved.resolve("checkpoints"), checkpoints);
    Path out = tmp.resolve(name);
    CliRun r = CliRun.main("train", "--resume", checkpoints.toString(), "--iterations", "6",
        "--master", "local[2]", "--out", out.toString());
    assertEquals(0, r.code(), r.describe());
    return numbers(out.resolve("metrics.csv"), 0);
  }

}
