package org.widenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every example config shipped in conf/ parses and validates as the README says it does. */
class ExampleConfigsTest {

  @Test
  void everyShippedConfigIsValid() throws IOException {
    List<Path> configs;
    try (Stream<Path> files = Files.list(Path.of("conf"))) {
      configs = files.filter(p -> p.toString().endsWith(".properties"))
          .filter(p -> !p.getFileName().toString().startsWith("log4j2")).toList();
    }
    assertFalse(configs.isEmpty(), "conf/ ships example configs");
    for (Path config : configs) {
      TrainOptions options = TrainOptions.parse(new String[] {"--config", config.toString()});
      assertNotNull(options.network, config.toString());
      assertNotNull(options.data.synthetic, config + " runs on synthetic data out of the box");
      TrainOptions overridden = TrainOptions.parse(new String[] {"--config", config.toString(),
          "--iterations", "3"});
      assertEquals(3, overridden.iterations, "flags override " + config);
    }
  }
}
