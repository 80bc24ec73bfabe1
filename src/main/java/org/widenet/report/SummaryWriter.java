package org.widenet.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Writes summary.json atomically (to a temporary file, then renamed), so a reader never sees
 * half a summary. Keys documented in the README are a contract: status, initial_loss,
 * final_loss, iterations, wall_seconds, spark_version, blas, widenet_version, settings, data.
 */
public final class SummaryWriter {
  private SummaryWriter() {}

  /** Writes (or replaces, within one run) the summary; non-finite doubles become strings. */
  public static void write(Path file, Map<String, Object> summary) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      mapper.writeValue(tmp.toFile(), summary);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
