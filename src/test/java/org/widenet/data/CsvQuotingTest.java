package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.widenet.data.TestFiles.assertLoadFails;
import static org.widenet.data.TestFiles.write;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV quoting as a real CSV parser reads it: commas and "" inside quotes, CRLF, and errors. */
class CsvQuotingTest {
  private static final DataFormat CSV = DataFormat.CSV;

  @TempDir Path dir;

  @Test
  void quotedHeaderAndFieldsMayContainCommas() {
    String p = write(dir, "q.csv", "label,\"x,1\",x2\n1,\"1.5\",2\n\"-1\",3,\"4e-1\"\n");
    Dataset ds = DataLoader.load(p, CSV, "label");
    assertEquals(2, ds.n());
    assertEquals(2, ds.d());
    assertArrayEquals(new double[] {1, -1}, ds.y());
    assertArrayEquals(new double[] {1.5, 3, 2, 0.4}, ds.x());
  }

  @Test
  void quotedLabelColumnNameWithAComma() {
    String p = write(dir, "lc.csv", "\"y,target\",a,b\n7,1,2\n8,3,4\n");
    Dataset ds = DataLoader.load(p, CSV, "y,target");
    assertArrayEquals(new double[] {7, 8}, ds.y());
    assertArrayEquals(new double[] {1, 3, 2, 4}, ds.x());
    Dataset picked = DataLoader.load(p, CSV,
        new LoadOptions("y,target", List.of("b"), null, false)).data();
    assertArrayEquals(new double[] {2, 4}, picked.x());
  }

  @Test
  void escapedQuotesInsideQuotes() {
    String p = write(dir, "esc.csv", "\"say \"\"x\"\"\",label\n\"2\",3\n");
    Dataset ds = DataLoader.load(p, CSV, "label");
    assertArrayEquals(new double[] {2}, ds.x());
    // the escaped quote is part of the column name
    assertLoadFails(write(dir, "esc2.csv", "\"say \"\"x\"\"\",label\nz,3\n"), CSV, "label",
        "line 2, column \"say \"x\"\"", "not a finite number");
  }

  @Test
  void crlfLineEndsWithQuotedFields() {
    String p = write(dir, "crlf.csv", "\"a,b\",label\r\n\"1\",2\r\n3,\"4\"\r\n");
    Dataset ds = DataLoader.load(p, CSV, "label");
    assertArrayEquals(new double[] {1, 3}, ds.x());
    assertArrayEquals(new double[] {2, 4}, ds.y());
  }

  @Test
  void wrongFieldCountWithQuotedCommaNamesTheLine() {
    // "1,5" is one field, so this row has two fields where the header has three
    String p = write(dir, "count.csv", "a,b,label\n1,2,3\n\"1,5\",3\n");
    assertLoadFails(p, CSV, "label", "line 3: expected 3 fields, found 2");
  }

  @Test
  void unterminatedQuoteNamesTheLine() {
    String p = write(dir, "open.csv", "a,b,label\n1,2,3\n4,\"5,6\n");
    assertLoadFails(p, CSV, "label", "line 3", "unterminated quoted field");
    String header = write(dir, "openh.csv", "a,\"b,label\n1,2,3\n");
    assertLoadFails(header, CSV, "label", "line 1", "unterminated quoted field");
    // an escaped quote right before the line end does not close the field
    String escaped = write(dir, "open2.csv", "a,label\n1,\"2\"\"\n");
    assertLoadFails(escaped, CSV, "label", "line 2", "unterminated quoted field");
  }

  @Test
  void textAfterAClosingQuoteNamesTheLine() {
    String p = write(dir, "junk.csv", "a,label\n1,2\n\"3\"x,4\n");
    assertLoadFails(p, CSV, "label", "line 3", "malformed quoted field");
  }

  @Test
  void quotedNonNumberNamesLineAndColumn() {
    String p = write(dir, "nan.csv", "\"x,1\",label\n1,2\n\"abc\",4\n");
    assertLoadFails(p, CSV, "label", "line 3, column \"x,1\"", "not a finite number",
        "\"abc\"");
  }

  @Test
  void badQuotedRowsAreSkippedWithSkipBadRows() {
    String p = write(dir, "skip.csv", "a,label\n1,2\n\"3,4\n5,6\n");
    LoadResult r = DataLoader.load(p, CSV, new LoadOptions("label", null, null, true));
    assertArrayEquals(new double[] {1, 5}, r.data().x());
  }

  @Test
  void hashIsDataNotAComment() {
    String p = write(dir, "hash.csv", "a,label\n#1,2\n");
    assertLoadFails(p, CSV, "label", "line 2, column \"a\"", "\"#1\"");
  }

  @Test
  void multiLabelCsvReadsQuotesToo() {
    String p = write(dir, "ml.csv", "\"y,1\",y2,x\n1,\"2\",3\n4,5,\"6\"\n");
    MultiLabelData d = MultiLabelLoader.csv(p, List.of("y,1", "y2"), null);
    assertEquals(2, d.n());
    DataException e = assertThrows(DataException.class,
        () -> MultiLabelLoader.csv(write(dir, "ml2.csv", "y,x\n1,\"2\n"), List.of("y"), null));
    assertTrue(e.getMessage().contains("line 2"), e.getMessage());
  }
}
