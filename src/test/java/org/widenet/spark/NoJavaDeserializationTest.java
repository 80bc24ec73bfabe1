package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A cheap guard that model, checkpoint and data files are never read through Java
 * deserialization (which runs code chosen by whoever wrote the file): no main source file uses
 * {@code ObjectInputStream}, {@code readObject(} or Spark's {@code objectFile(} (an RDD read back
 * with Java deserialization). Models are Parquet plus JSON; checkpoints go through Kryo with
 * registration required.
 */
class NoJavaDeserializationTest {
  private static final List<String> FORBIDDEN = List.of("ObjectInputStream", "readObject(",
      "objectFile(");

  /** src/main/java of the project this test runs in (Maven sets basedir; else the cwd). */
  private static Path mainSources() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir")), "src", "main",
        "java");
  }

  /** The code of a Java source with its comments blanked (string and char literals are kept). */
  static String withoutComments(String source) {
    StringBuilder code = new StringBuilder(source.length());
    int i = 0;
    while (i < source.length()) {
      if (source.startsWith("//", i)) {
        int end = source.indexOf('\n', i);
        i = end < 0 ? source.length() : end;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? source.length() : end + 2;
        code.append(' ');
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        char quote = source.charAt(i);
        int end = i + 1;
        while (end < source.length() && source.charAt(end) != quote) {
          end += source.charAt(end) == '\\' ? 2 : 1;
        }
        end = Math.min(end + 1, source.length());
        code.append(source, i, end);
        i = end;
      } else {
        code.append(source.charAt(i++));
      }
    }
    return code.toString();
  }

  @Test
  void mainCodeNeverDeserializesJavaObjects() throws IOException {
    Path root = mainSources();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(root)) {
      sources = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
    assertTrue(sources.size() > 50, "found only " + sources.size() + " sources under " + root);
    List<String> hits = new ArrayList<>();
    for (Path source : sources) {
      String code = withoutComments(Files.readString(source, StandardCharsets.UTF_8));
      for (String token : FORBIDDEN) {
        if (code.contains(token)) {
          hits.add(root.relativize(source) + " uses " + token);
        }
      }
    }
    assertEquals(List.of(), hits, "model and checkpoint files must never be read through Java "
        + "deserialization");
  }

  @Test
  void commentsAreIgnoredButCodeIsNot() {
    assertEquals("int a = 1;   \nint b;", withoutComments("int a = 1; /* ObjectInputStream */ "
        + "// readObject(\nint b;"));
    assertTrue(withoutComments("new java.io.ObjectInputStream(in) // why").contains(
        "ObjectInputStream"));
    assertEquals("s = \"// not a comment\";", withoutComments("s = \"// not a comment\";"));
    assertEquals("c == '\"' && d == '\\'' ", withoutComments("c == '\"' && d == '\\'' // y"));
  }
}
