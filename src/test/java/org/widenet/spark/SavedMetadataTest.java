package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * metadata.json's family: read from the key, inferred for the models widenet 0.1.0 saved
 * without it (src/test/resources/models), and one clear error naming the directory and the
 * key for anything else.
 */
class SavedMetadataTest {
  private final Configuration conf = new Configuration();

  @TempDir Path tmp;

  private static String resource(String model) throws Exception {
    URL url = SavedMetadataTest.class.getResource("/models/" + model + "/metadata.json");
    assertTrue(url != null, "test resource models/" + model + " is missing");
    return Path.of(url.toURI()).getParent().toString();
  }

  private String model(String json) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("model-" + json.hashCode()));
    Files.writeString(dir.resolve(MetadataFile.NAME), json);
    return dir.toString();
  }

  @Test
  void modelsOf010WithoutTheKeyGetTheFamilyTheStoresAlwaysInferred() throws Exception {
    for (String family : List.of("relu2", "exp2", "softmax2")) {
      SavedMetadata meta = SavedMetadata.read(conf, resource(family + "-format1"));
      assertFalse(meta.map().containsKey(SavedMetadata.FAMILY),
          family + "-format1 is a model saved without the key");
      assertEquals(family, meta.family());
    }
    assertEquals("smooth2", SavedMetadata.read(conf, resource("smooth2-format1")).family());
    assertEquals("deep-last", SavedMetadata.read(conf, model("{\"format\": "
        + "\"widenet-deep-last-model\", \"format_version\": 1}")).family());
  }

  @Test
  void theFamilyKeyWinsAndIsReadAsTheCliWritesIt() throws Exception {
    String dir = model("{\"format\": \"widenet-model\", \"model\": \"relu2\", "
        + "\"family\": \"Exp2\", \"format_version\": 1}");
    assertEquals("exp2", SavedMetadata.read(conf, dir).family());
  }

  @Test
  void anUnknownFamilyIsOneErrorNamingTheDirectoryAndTheKey() throws Exception {
    String dir = model("{\"family\": \"relu3\", \"format_version\": 1}");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SavedMetadata.read(conf, dir));
    assertEquals("model " + dir + ": metadata.json key \"family\" is \"relu3\", not a family "
        + "this widenet knows (relu2, exp2, softmax2, smooth2, deep-last)", e.getMessage());

    String legacy = model("{\"format\": \"widenet-model\", \"model\": \"tanh2\"}");
    e = assertThrows(IllegalArgumentException.class, () -> SavedMetadata.read(conf, legacy));
    assertTrue(e.getMessage().startsWith("model " + legacy + ": metadata.json key \"model\" is "
        + "\"tanh2\""), e.getMessage());

    String number = model("{\"family\": 5}");
    e = assertThrows(IllegalArgumentException.class, () -> SavedMetadata.read(conf, number));
    assertTrue(e.getMessage().startsWith("model " + number + ": metadata.json key \"family\" "
        + "is 5,"), e.getMessage());

    String noModel = model("{\"format\": \"widenet-model\"}");
    e = assertThrows(IllegalArgumentException.class, () -> SavedMetadata.read(conf, noModel));
    assertTrue(e.getMessage().startsWith("model " + noModel + ": metadata.json key \"model\" "
        + "is null,"), e.getMessage());

    String neither = model("{\"format\": \"someone-else\"}");
    e = assertThrows(IllegalArgumentException.class, () -> SavedMetadata.read(conf, neither));
    assertTrue(e.getMessage().contains(neither) && e.getMessage().contains("\"family\""),
        e.getMessage());
  }

  @Test
  void theStoresCannotWriteAModelWithoutAKnownFamily() throws Exception {
    String dir = tmp.resolve("written").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SavedMetadata.write(conf, dir, Map.of("format_version", 1)));
    assertTrue(e.getMessage().contains(dir) && e.getMessage().contains("\"family\""),
        e.getMessage());
    assertFalse(Files.exists(Path.of(dir, MetadataFile.NAME)));
    SavedMetadata.write(conf, dir, Map.of("family", "deep-last", "format_version", 1));
    assertEquals("deep-last", SavedMetadata.read(conf, dir).family());
  }

  @Test
  void aDirectoryThatIsNoModelSaysSo() {
    String dir = tmp.resolve("empty").toString();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SavedMetadata.read(conf, dir));
    assertTrue(e.getMessage().startsWith("model " + dir + ": no readable metadata.json"),
        e.getMessage());
  }

  @Test
  void expectRefusesAnotherFamilyANewerVersionAndAMissingNumber() throws Exception {
    SavedMetadata relu2 = SavedMetadata.read(conf, resource("relu2-format1"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> relu2.expect(1, "softmax2"));
    assertEquals("model " + relu2.dir() + " is not a softmax2 model (family relu2)",
        e.getMessage());
    assertEquals(relu2, relu2.expect(1, "relu2", "exp2"));

    String future = model("{\"family\": \"smooth2\", \"format_version\": 2}");
    e = assertThrows(IllegalArgumentException.class,
        () -> SavedMetadata.read(conf, future).expect(1, "smooth2"));
    assertTrue(e.getMessage().contains(future + " has format_version 2"), e.getMessage());

    e = assertThrows(IllegalArgumentException.class,
        () -> SavedMetadata.read(conf, future).number("width"));
    assertEquals("model " + future + " is damaged: metadata.json has no number \"width\"",
        e.getMessage());
    assertEquals(Map.of("family", "smooth2", "format_version", 2),
        SavedMetadata.read(conf, future).map());
  }
}
