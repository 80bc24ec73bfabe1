package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.widenet.data.TestFiles.assertLoadFails;
import static org.widenet.data.TestFiles.write;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibsvmLoaderTest {
  private static final DataFormat SVM = DataFormat.LIBSVM;

  @TempDir Path dir;


  private String file(String text) {
    return write(dir, "data.svm", text);
  }

  @Test
  void sparseRowsAndComments() {
    String p = file("# a comment line\n"
        + "1 1:0.5 3:-2\n"
        + "\n"
        + "-1 2:4   # trailing comment\n"
        + "0.25\t1:1e-2\t4:7\n"
        + "   # indented comment\n"
        + "2\n");
    Dataset ds = DataLoader.load(p, SVM, "ignored");
    assertEquals(p, ds.source());
    assertEquals(4, ds.n());
    assertEquals(4, ds.d(), "d is the largest index seen");
    assertArrayEquals(new double[] {1, -1, 0.25, 2}, ds.y());
    assertArrayEquals(new double[] {
        0.5, 0, 1e-2, 0, // feature 1
        0, 4, 0, 0, // feature 2
        -2, 0, 0, 0, // feature 3
        0, 0, 7, 0, // feature 4
    }, ds.x());
    assertArrayEquals(new double[] {0, 4, 0, 0}, ds.row(1));
  }

  @Test
  void gzipMatchesPlain() {
    String text = "1 1:1 2:2\n-1 2:3\n";
    Dataset plain = DataLoader.load(write(dir, "a.libsvm", text), SVM, (String) null);
    Dataset gz =
        DataLoader.load(TestFiles.writeGz(dir, "a.libsvm.gz", text), SVM, (String) null);
    assertArrayEquals(new double[] {1, 0, 2, 3}, gz.x());
    assertArrayEquals(plain.x(), gz.x());
    assertArrayEquals(plain.y(), gz.y());
  }

  @Test
  void noDataRows() {
    assertLoadFails(file(""), SVM, null, "no data rows");
    assertLoadFails(file("# only\n\n  # comments\n"), SVM, null, "no data rows");
    assertLoadFails(file("1\n-1\n"), SVM, null, "no features");
    assertLoadFails(dir.resolve("missing.svm").toString(), SVM, null, "no such file");
  }

  @Test
  void badTokens() {
    assertLoadFails(file("1 1:2\n1 3\n"), SVM, null, "line 2", "bad token \"3\"");
    assertLoadFails(file("1 1:2\n\n1 :3\n"), SVM, null, "line 3", "bad token \":3\"");
    assertLoadFails(file("1 2:\n"), SVM, null, "line 1", "bad token \"2:\"");
    assertLoadFails(file("1 a:1\n"), SVM, null, "line 1", "bad token \"a:1\"");
    assertLoadFails(file("1 1.5:1\n"), SVM, null, "line 1", "bad token \"1.5:1\"");
    assertLoadFails(file("1 qid:3 1:1\n"), SVM, null, "line 1", "bad token \"qid:3\"");
  }

  @Test
  void indexBelowOne() {
    assertLoadFails(file("1 1:1\n1 0:1\n"), SVM, null, "line 2, index 0", ">= 1");
    assertLoadFails(file("1 -3:1\n"), SVM, null, "line 1, index -3", ">= 1");
  }

  @Test
  void indexTooLarge() {
    assertLoadFails(file("1 99999999999999999999:1\n"), SVM, null, "line 1", "too large");
  }

  @Test
  void indicesStrictlyAscending() {
    assertLoadFails(file("1 1:1 3:1 2:1\n"), SVM, null, "line 1, index 2", "ascending");
    assertLoadFails(file("#c\n1 1:1 1:2\n"), SVM, null, "line 2, index 1", "ascending");
  }

  @Test
  void nonFiniteValuesAndLabels() {
    assertLoadFails(file("1 1:1\n1 1:1 5:nan\n"), SVM, null,
        "line 2, index 5", "not a finite number", "\"nan\"");
    assertLoadFails(file("1 2:Infinity\n"), SVM, null, "line 1, index 2", "\"Infinity\"");
    assertLoadFails(file("1 2:1e999\n"), SVM, null, "line 1, index 2", "\"1e999\"");
    assertLoadFails(file("1 2:x\n"), SVM, null, "line 1, index 2", "\"x\"");
    assertLoadFails(file("1 1:1\n\nNaN 1:1\n"), SVM, null,
        "line 3, label", "not a finite number", "\"NaN\"");
    assertLoadFails(file("yes 1:1\n"), SVM, null, "line 1, label", "\"yes\"");
  }
}
