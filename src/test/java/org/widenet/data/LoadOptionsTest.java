package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.widenet.data.TestFiles.write;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CSV feature-column selection and skipping bad rows of CSV and LIBSVM files. */
class LoadOptionsTest {
  private static final DataFormat CSV = DataFormat.CSV;
  private static final DataFormat SVM = DataFormat.LIBSVM;

  /** Line 3 has too few fields, line 5 a NaN in x2, line 7 a word in label; 4 good rows. */
  private static final String BAD_CSV = "x1,x2,label\n"
      + "1,2,1\n"
      + "3,-1\n"
      + "4,5,-1\n"
      + "6,NaN,1\n"
      + "7,8,1\n"
      + "9,10,yes\n"
      + "\n"
      + "11,12,-1\n";

  @TempDir Path dir;

  private static LoadOptions skipping(String label) {
    return new LoadOptions(label, null, null, true);
  }

  private static LoadOptions columns(String label, String... features) {
    return new LoadOptions(label, List.of(features), null, false);
  }

  private static DataException fails(String path, DataFormat format, LoadOptions options) {
    DataException e = assertThrows(DataException.class,
        () -> DataLoader.load(path, format, options));
    assertTrue(e.getMessage().startsWith(path), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    return e;
  }

  @Test
  void defaultsMatchTheOldLoad() {
    String p = write(dir, "d.csv", "b,label,a\n1,10,2\n4,20,5\n");
    LoadResult r = DataLoader.load(p, CSV, LoadOptions.defaults());
    Dataset old = DataLoader.load(p, CSV, "label");
    assertArrayEquals(old.x(), r.data().x());
    assertArrayEquals(old.y(), r.data().y());
    assertEquals(0, r.skippedRows());
    assertEquals(List.of(), r.skippedExamples());
    LoadOptions d = LoadOptions.defaults();
    assertEquals("label", d.labelColumn());
    assertNull(d.featureColumns());
    assertEquals("features", d.featuresColumn());
    assertEquals(false, d.skipBadRows());
  }

  @Test
  void featureColumnsChooseAndOrderTheFeatures() {
    String p = write(dir, "sel.csv", "id,c,y,a,b,note\n"
        + "r1,3,1,1,2,hello\n"
        + "r2,6,-1,4,5,\"x y\"\n");
    Dataset ds = DataLoader.load(p, CSV, columns("y", "a", "c")).data();
    assertEquals(2, ds.n());
    assertEquals(2, ds.d());
    assertArrayEquals(new double[] {1, -1}, ds.y());
    // column-major: feature 1 is a, feature 2 is c; id, b and note are never parsed
    assertArrayEquals(new double[] {1, 4, 3, 6}, ds.x());
    Dataset reversed = DataLoader.load(p, CSV, columns("y", "c", "a")).data();
    assertArrayEquals(new double[] {3, 6, 1, 4}, reversed.x());
    assertArrayEquals(new double[] {6, 4}, reversed.row(1));
  }

  @Test
  void unselectedColumnsMayHoldAnything() {
    // An ignored column holding words is not an error; a chosen column holding one is.
    String p = write(dir, "words.csv", "x,name,label\n1,alice,1\n2,bob,-1\n");
    Dataset ds = DataLoader.load(p, CSV, columns("label", "x")).data();
    assertArrayEquals(new double[] {1, 2}, ds.x());
    DataException e = fails(p, CSV, LoadOptions.defaults());
    assertTrue(e.getMessage().contains("line 2, column \"name\""), e.getMessage());
  }

  @Test
  void unknownFeatureColumnNamesFileHeaderLineAndListsTheHeader() {
    String p = write(dir, "unk.csv", "\nx1,x2,label\n1,2,3\n");
    String q = write(dir, "unk2.csv", "x1,x2,label\n1,2,3\n");
    DataException e = fails(q, CSV, columns("label", "x1", "x9"));
    assertEquals(q + " line 1: feature column \"x9\" not found in header [x1, x2, label]",
        e.getMessage());
    DataException later = fails(p, CSV, columns("label", "x9"));
    assertTrue(later.getMessage().contains(" line 2: feature column \"x9\""),
        later.getMessage());
    // The label column is still required.
    DataException label = fails(q, CSV, columns("y", "x1"));
    assertTrue(label.getMessage().contains("label column \"y\" not found"), label.getMessage());
  }

  @Test
  void invalidFeatureColumnListsAreRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new LoadOptions("label", List.of(), null, false));
    assertThrows(IllegalArgumentException.class,
        () -> new LoadOptions("label", List.of("a", "a"), null, false));
    assertThrows(IllegalArgumentException.class,
        () -> new LoadOptions("label", List.of("a", " "), null, false));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new LoadOptions("y", List.of("a", "y"), null, false));
    assertTrue(e.getMessage().contains("\"y\""), e.getMessage());
    String svm = write(dir, "a.svm", "1 1:1\n");
    assertThrows(IllegalArgumentException.class,
        () -> DataLoader.load(svm, SVM, columns("label", "a")));
    // The list is copied: changing the caller's list later changes nothing.
    List<String> mine = new ArrayList<>(List.of("a"));
    LoadOptions o = new LoadOptions(null, mine, null, false);
    mine.add("b");
    assertEquals(List.of("a"), o.featureColumns());
  }

  @Test
  void badCsvRowsStopTheLoadNamingLineAndColumn() {
    String p = write(dir, "bad.csv", BAD_CSV);
    assertEquals(p + " line 3: expected 3 fields, found 2",
        fails(p, CSV, LoadOptions.defaults()).getMessage());
    String nan = write(dir, "nan.csv", "x1,x2,label\n1,2,1\n6,NaN,1\n");
    assertEquals(nan + " line 3, column \"x2\": not a finite number: \"NaN\"",
        fails(nan, CSV, LoadOptions.defaults()).getMessage());
  }

  @Test
  void skippedCsvRowsAreCountedAndGoodRowsKeepTheirOrder() {
    String p = write(dir, "bad.csv", BAD_CSV);
    LoadResult r = DataLoader.load(p, CSV, skipping("label"));
    Dataset ds = r.data();
    assertEquals(3, r.skippedRows());
    assertEquals(List.of(
        p + " line 3: expected 3 fields, found 2",
        p + " line 5, column \"x2\": not a finite number: \"NaN\"",
        p + " line 7, column \"label\": not a finite number: \"yes\""), r.skippedExamples());
    assertEquals(4, ds.n());
    assertEquals(2, ds.d());
    assertArrayEquals(new double[] {1, -1, 1, -1}, ds.y());
    assertArrayEquals(new double[] {1, 4, 7, 11, 2, 5, 8, 12}, ds.x());
  }

  @Test
  void skippingWorksWithChosenColumnsAndIgnoresBadCellsElsewhere() {
    // Line 3's bad cell is in an ignored column, so only line 4 (NaN in a) is skipped.
    String p = write(dir, "mix.csv", "a,junk,label\n1,x,1\n2,NaN,-1\n NaN ,0,1\n4,,1\n");
    LoadResult r = DataLoader.load(p, CSV, new LoadOptions("label", List.of("a"), null, true));
    assertEquals(1, r.skippedRows());
    assertTrue(r.skippedExamples().get(0).contains("line 4, column \"a\""),
        r.skippedExamples().toString());
    assertArrayEquals(new double[] {1, 2, 4}, r.data().x());
    assertArrayEquals(new double[] {1, -1, 1}, r.data().y());
  }

  @Test
  void onlyTheFirstFiveMessagesAreKept() {
    StringBuilder text = new StringBuilder("x,label\n");
    for (int i = 0; i < 8; i++) {
      text.append("1,2\nbad").append(i).append(",1\n");
    }
    String p = write(dir, "many.csv", text.toString());
    LoadResult r = DataLoader.load(p, CSV, skipping(null));
    assertEquals(8, r.skippedRows());
    assertEquals(LoadResult.MAX_EXAMPLES, r.skippedExamples().size());
    assertTrue(r.skippedExamples().get(4).contains("line 11, column \"x\""),
        r.skippedExamples().get(4));
    assertEquals(8, r.data().n());
    assertThrows(UnsupportedOperationException.class, () -> r.skippedExamples().add("x"));
  }

  @Test
  void fileLevelProblemsStillStopWhenSkipping() {
    String allBad = write(dir, "allbad.csv", "x,label\n1\nNaN,1\n");
    DataException e = fails(allBad, CSV, skipping(null));
    assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
    assertTrue(e.getMessage().contains("2 rows were bad"), e.getMessage());
    assertTrue(e.getMessage().contains("line 2: expected 2 fields, found 1"), e.getMessage());
    assertTrue(fails(write(dir, "header.csv", "x,label\n"), CSV, skipping(null)).getMessage()
        .endsWith(": no data rows"));
    assertTrue(fails(write(dir, "empty.csv", ""), CSV, skipping(null)).getMessage()
        .contains("no data rows"));
    assertTrue(fails(write(dir, "dup.csv", "x,x,label\n1,2,3\n"), CSV, skipping(null))
        .getMessage().contains("duplicate column name"));
    assertTrue(fails(write(dir, "nolabel.csv", "x,y\n1,2\n"), CSV, skipping(null))
        .getMessage().contains("label column \"label\" not found"));
    String missing = dir.resolve("missing.csv").toString();
    assertTrue(fails(missing, CSV, skipping(null)).getMessage().contains("no such file"));
  }

  @Test
  void badLibsvmRowsStopOrAreSkipped() {
    String text = "1 1:0.5 3:2\n"
        + "-1 2:x\n"           // line 2: bad value
        + "1 3:1 2:1\n"        // line 3: descending indices
        + "nan 1:1\n"          // line 4: bad label
        + "-1 0:1\n"           // line 5: index 0
        + "1 junk\n"           // line 6: bad token
        + "-1 2:4 # comment\n"
        + "1 9:1e999\n";       // line 8: overflows to infinity
    String p = write(dir, "bad.svm", text);
    DataException e = fails(p, SVM, LoadOptions.defaults());
    assertEquals(p + " line 2, index 2: not a finite number: \"x\"", e.getMessage());
    LoadResult r = DataLoader.load(p, SVM, skipping(null));
    assertEquals(6, r.skippedRows());
    assertEquals(LoadResult.MAX_EXAMPLES, r.skippedExamples().size());
    for (int k = 0; k < LoadResult.MAX_EXAMPLES; k++) {
      String m = r.skippedExamples().get(k);
      String prefix = p + " line " + (k + 2);
      assertTrue(m.startsWith(prefix + ",") || m.startsWith(prefix + ":"), m);
    }
    Dataset ds = r.data();
    assertEquals(2, ds.n());
    // d comes from the good rows only: line 8's index 9 does not count.
    assertEquals(3, ds.d());
    assertArrayEquals(new double[] {1, -1}, ds.y());
    assertArrayEquals(new double[] {0.5, 0, 0, 4, 2, 0}, ds.x());
  }

  @Test
  void allBadLibsvmRowsAreNoDataRows() {
    String p = write(dir, "allbad.svm", "x 1:1\n1 1:y\n");
    DataException e = fails(p, SVM, skipping(null));
    assertTrue(e.getMessage().startsWith(p + ": no data rows"), e.getMessage());
    assertTrue(e.getMessage().contains("all 2 rows were bad"), e.getMessage());
  }

  @Test
  void resultChecksItsFields() {
    Dataset ds = new Dataset("s", 1, 1, new double[] {1}, new double[] {1});
    assertThrows(IllegalArgumentException.class, () -> new LoadResult(ds, -1, List.of()));
    assertThrows(NullPointerException.class, () -> new LoadResult(null, 0, List.of()));
    List<String> examples = new ArrayList<>(Arrays.asList("a"));
    LoadResult r = new LoadResult(ds, 1, examples);
    examples.clear();
    assertEquals(List.of("a"), r.skippedExamples());
  }
}
