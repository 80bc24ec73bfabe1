package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.widenet.data.TestFiles.assertLoadFails;
import static org.widenet.data.TestFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoaderTest {
  private static final DataFormat CSV = DataFormat.CSV;

  @TempDir Path dir;


  @Test
  void labelInTheMiddleFeaturesInHeaderOrder() {
    String p = write(dir, "data.csv", "b,label,a,c\n1,10,2,3\n4,20,5,6\n");
    Dataset ds = DataLoader.load(p, CSV, "label");
    assertEquals(p, ds.source());
    assertEquals(2, ds.n());
    assertEquals(3, ds.d());
    assertArrayEquals(new double[] {10, 20}, ds.y());
    // column-major: column b, then a, then c
    assertArrayEquals(new double[] {1, 4, 2, 5, 3, 6}, ds.x());
    assertArrayEquals(new double[] {4, 5, 6}, ds.row(1));
  }

  @Test
  void labelFirstOrLastAndCustomName() {
    String first = write(dir, "first.csv", "y,x1,x2\n-1,0.5,1e-3\n1,-2,+3\n");
    Dataset a = DataLoader.load(first, CSV, "y");
    assertArrayEquals(new double[] {-1, 1}, a.y());
    assertArrayEquals(new double[] {0.5, -2, 1e-3, 3}, a.x());
    String last = write(dir, "last.csv", "x1,x2,target\n0.5,1e-3,-1\n-2,3,1\n");
    Dataset b = DataLoader.load(last, CSV, "target");
    assertArrayEquals(a.y(), b.y());
    assertArrayEquals(a.x(), b.x());
  }

  @Test
  void nullLabelMeansLabel() {
    String p = write(dir, "d.csv", "x,label\n1,2\n");
    assertArrayEquals(new double[] {2}, DataLoader.load(p, CSV, (String) null).y());
  }

  @Test
  void whitespaceQuotesBlankLinesCrlfAndBom() {
    String p = write(dir, "ws.csv",
        "\uFEFF \"x\" , label \r\n\r\n  1.5 ,  2 \r\n   \r\n\"3\",4\r\n");
    Dataset ds = DataLoader.load(p, CSV, "label");
    assertEquals(2, ds.n());
    assertArrayEquals(new double[] {1.5, 3}, ds.x());
    assertArrayEquals(new double[] {2, 4}, ds.y());
  }

  @Test
  void gzipAndFileUri() {
    String text = "x1,x2,label\n1,2,3\n4,5,6\n7,8,9\n";
    Dataset plain = DataLoader.load(write(dir, "p.csv", text), CSV, "label");
    Dataset gz = DataLoader.load(TestFiles.writeGz(dir, "p.csv.gz", text), CSV, "label");
    assertArrayEquals(plain.x(), gz.x());
    assertArrayEquals(plain.y(), gz.y());
    assertArrayEquals(new double[] {1, 4, 7, 2, 5, 8}, gz.x());
    String uri = dir.resolve("p.csv").toUri().toString();
    assertArrayEquals(plain.x(), DataLoader.load(uri, CSV, "label").x());
  }

  @Test
  void pathWithSpaces() {
    String p = write(dir, "my data.csv", "x,label\n7,8\n");
    assertArrayEquals(new double[] {7}, DataLoader.load(p, CSV, "label").x());
  }

  @Test
  void missingFileDirectoryAndCorruptGzip() throws IOException {
    assertLoadFails(dir.resolve("nope.csv").toString(), CSV, "label", "no such file");
    Path sub = Files.createDirectory(dir.resolve("sub.csv"));
    assertLoadFails(sub.toString(), CSV, "label", "directory");
    String bad = write(dir, "bad.csv.gz", "x,label\n1,2\n");
    assertLoadFails(bad, CSV, "label", "cannot read");
  }

  @Test
  void emptyOrHeaderOnly() {
    assertLoadFails(write(dir, "empty.csv", ""), CSV, "label", "no data rows");
    assertLoadFails(write(dir, "blank.csv", "\n  \n"), CSV, "label", "no data rows");
    assertLoadFails(write(dir, "header.csv", "x,label\n\n"), CSV, "label", "no data rows");
  }

  @Test
  void headerProblems() {
    assertLoadFails(write(dir, "nolabel.csv", "a,b,c\n1,2,3\n"), CSV, "label",
        "line 1", "\"label\"", "[a, b, c]");
    assertLoadFails(write(dir, "dup.csv", "x,label,x\n1,2,3\n"), CSV, "label",
        "line 1", "column \"x\"", "duplicate");
    assertLoadFails(write(dir, "emptyname.csv", "x,,label\n1,2,3\n"), CSV, "label",
        "line 1", "column 2", "empty name");
    assertLoadFails(write(dir, "onlylabel.csv", "label\n1\n"), CSV, "label",
        "line 1", "no feature columns");
  }

  @Test
  void wrongFieldCountCountsBlankLines() {
    String p = write(dir, "count.csv", "a,b,c,label\n1,2,3,4\n\n  \n1,2,3\n");
    assertLoadFails(p, CSV, "label", "line 5: expected 4 fields, found 3");
    String more = write(dir, "more.csv", "a,label\n1,2,3\n");
    assertLoadFails(more, CSV, "label", "line 2: expected 2 fields, found 3");
  }

  @Test
  void nonFiniteOrMalformedFieldsNameLineAndColumn() {
    String[][] cases = {
      {"NaN", "\"NaN\""}, {"Infinity", "\"Infinity\""}, {"-inf", "\"-inf\""},
      {"abc", "\"abc\""}, {"", "\"\""}, {"1e400", "\"1e400\""}, {"0x10", "\"0x10\""},
      {"1.5d", "\"1.5d\""}, {"1 2", "\"1 2\""},
    };
    for (String[] c : cases) {
      String p = write(dir, "data.csv", "x1,x2,x3,label\n1,2,3,4\n\n5,6," + c[0] + ",8\n");
      assertLoadFails(p, CSV, "label", "line 4, column \"x3\"", "not a finite number", c[1]);
    }
    String lbl = write(dir, "lbl.csv", "x1,label\n1,nan\n");
    assertLoadFails(lbl, CSV, "label", "line 2, column \"label\"", "\"nan\"");
  }
}
