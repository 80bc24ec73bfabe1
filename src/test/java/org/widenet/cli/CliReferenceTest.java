package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/cli.md is the generated reference, and the generator covers every command. */
class CliReferenceTest {
  private static final Path DOC = Path.of("docs", "cli.md");

  @Test
  void committedReferenceIsUpToDate() throws IOException {
    String expected = CliReference.markdown();
    assertTrue(Files.exists(DOC), DOC + " is missing; generate it with: "
        + CliReference.REGENERATE);
    String committed = Files.readString(DOC, StandardCharsets.UTF_8);
    assertEquals(expected, committed, DOC + " differs from the option definitions; regenerate "
        + "it with: " + CliReference.REGENERATE);
  }

  @Test
  void generationIsDeterministic() {
    assertEquals(CliReference.markdown(), CliReference.markdown());
  }

  @Test
  void everyCommandOfMainIsCovered() {
    String md = CliReference.markdown();
    for (String command : new String[] {"## widenet train (relu2, exp2)",
        "## widenet train --model softmax2", "## widenet train --model smooth2",
        "## widenet train --model deep-last", "## widenet predict", "## widenet ntk",
        "## widenet experiment arora", "## widenet experiment diffusion",
        "## widenet experiment teacher-student", "## widenet bench", "## widenet scaling"}) {
      assertTrue(md.contains(command + "\n") || md.contains(command + " ("),
          "the reference has no section " + command);
    }
    // Every option of train appears in its table, e.g. the driver Gram limit.
    assertTrue(md.contains("| `--driver-gram-limit` |"));
  }

  @Test
  void anchorsFollowGithub() {
    assertEquals("widenet-train---model-softmax2",
        CliReference.anchor("widenet train --model softmax2"));
    assertEquals("widenet-train-relu2-exp2", CliReference.anchor("widenet train (relu2, exp2)"));
  }
}
