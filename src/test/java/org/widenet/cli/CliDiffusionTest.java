package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code widenet experiment diffusion} end to end on a small size, and its bad input. */
class CliDiffusionTest {
  @TempDir Path dir;

  @Test
  void smallRunWritesEveryFileAndTheSummary() throws Exception {
    Path out = dir.resolve("diffusion");
    String[] args = {"experiment", "diffusion", "--target", "gmm2d", "--n", "200", "--width",
        "400", "--test-n", "200", "--samples", "200", "--steps", "60", "--out",
        out.toString()};
    CliRun r = CliRun.main(args);
    assertEquals(0, r.code(), r.describe());
    JsonNode s = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertEquals("completed", s.get("status").asText());
    assertEquals("diffusion", s.get("experiment").asText());
    for (String key : List.of("energy_distance_learned", "energy_distance_exact",
        "energy_distance_noise", "score_error_learned", "learned_to_noise_ratio",
        "exact_denoiser_training_loss")) {
      assertTrue(s.get(key).isNumber(), key);
    }
    assertTrue(s.get("learned_closer_than_noise").asBoolean(), s.toString());
    assertEquals(200, s.get("settings").get("n").asInt());
    assertTrue(s.get("settings").get("denoiser").asText().startsWith("softmax2"));
    // Default softmax2 training: 5 Gauss-Newton iterations, so 6 losses and a header.
    assertEquals(7, Files.readAllLines(out.resolve("training.csv")).size());
    List<String> distances = Files.readAllLines(out.resolve("distances.csv"));
    assertEquals("sampler,energy_distance,ratio_to_noise", distances.get(0));
    assertEquals(5, distances.size());
    List<String> samples = Files.readAllLines(out.resolve("samples.csv"));
    assertEquals("source,x1,x2", samples.get(0));
    assertEquals(1 + 4 * 200, samples.size());
    assertEquals(11, Files.readAllLines(out.resolve("score_error_by_time.csv")).size());
    String html = Files.readString(out.resolve("report.html"));
    assertEquals(6, html.split("data:image/png;base64,", -1).length - 1);
    assertTrue(html.contains("closer to the target than noise"));

    // --overwrite replaces the outputs; without it the directory is refused.
    CliRun again = CliRun.main(args);
    assertEquals(2, again.code(), again.describe());
    String[] overwrite = java.util.Arrays.copyOf(args, args.length + 1);
    overwrite[args.length] = "--overwrite";
    assertEquals(0, CliRun.main(overwrite).code());
  }

  @Test
  void badOptionsAreRefusedBeforeAnyWork() {
    Path out = dir.resolve("bad");
    CliRun r = CliRun.main("experiment", "diffusion", "--target", "moons", "--out",
        out.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--target moons"), r.err());
    CliRun t0 = CliRun.main("experiment", "diffusion", "--t0", "2", "--out", out.toString());
    assertEquals(2, t0.code());
    assertTrue(t0.err().contains("--t0"), t0.err());
    assertTrue(!Files.exists(out.resolve("summary.json")));
    CliRun help = CliRun.main("experiment", "diffusion", "--help");
    assertEquals(0, help.code());
    assertTrue(help.out().contains("--target"));
    CliRun width = CliRun.main("experiment", "diffusion", "--width", "401", "--out",
        out.toString());
    assertEquals(2, width.code());
    assertTrue(width.err().contains("--width"), width.err());
  }
}
