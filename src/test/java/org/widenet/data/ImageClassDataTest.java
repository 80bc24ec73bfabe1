package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.widenet.data.IdxTestFiles.images;
import static org.widenet.data.IdxTestFiles.labels;
import static org.widenet.data.IdxTestFiles.write;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two-class loading from small synthetic IDX files, and parsing of "A,B". */
class ImageClassDataTest {
  private static final ImageClassData.Split TRAIN = ImageClassData.Split.TRAIN;
  private static final ImageClassData.Split TEST = ImageClassData.Split.TEST;

  /** Six 1x2 images; image i is (i, 2i) except image 0, which is (3, 4). */
  private static final int[] PIXELS = {3, 4, 1, 2, 2, 4, 3, 6, 4, 8, 5, 10};
  private static final int[] LABELS = {3, 1, 3, 7, 1, 3};

  @TempDir Path tmp;

  /** A directory "digits" with plain train files and gzipped test files. */
  private String dataDir() throws IOException {
    Path d = Files.createDirectory(tmp.resolve("digits"));
    write(d, "train-images-idx3-ubyte", images(6, 1, 2, PIXELS));
    write(d, "train-labels-idx1-ubyte", labels(LABELS));
    write(d, "t10k-images-idx3-ubyte.gz", images(2, 1, 2, new int[] {0, 9, 255, 0}));
    write(d, "t10k-labels-idx1-ubyte.gz", labels(1, 3));
    return d.toString();
  }

  @Test
  void keepsTwoClassesInFileOrderWithPlusMinusLabelsAndUnitNorm() throws IOException {
    Dataset ds = ImageClassData.load(dataDir(), TRAIN, 3, 1, 0);
    assertEquals("digits train classes 3,1 (n=5)", ds.source());
    assertEquals(5, ds.n());
    assertEquals(2, ds.d());
    assertArrayEquals(new double[] {1, -1, 1, -1, 1}, ds.y());
    double s5 = Math.sqrt(5);
    // rows are items 0, 1, 2, 4, 5: (3,4)/5, then (1,2)/sqrt(5) for the others
    assertArrayEquals(new double[] {0.6, 1 / s5, 1 / s5, 1 / s5, 1 / s5,
        0.8, 2 / s5, 2 / s5, 2 / s5, 2 / s5}, ds.x(), 1e-15);
  }

  @Test
  void classOrderDecidesTheSign() throws IOException {
    Dataset ds = ImageClassData.load(dataDir(), TRAIN, 1, 3, -1);
    assertArrayEquals(new double[] {-1, 1, -1, 1, -1}, ds.y());
  }

  @Test
  void limitTakesTheFirstRowsAndFewerIsNotAnError() throws IOException {
    String dir = dataDir();
    Dataset two = ImageClassData.load(dir, TRAIN, 3, 7, 2);
    assertEquals(2, two.n());
    assertArrayEquals(new double[] {1, 1}, two.y());
    assertEquals(0.6, two.x()[0], 1e-15);
    Dataset all = ImageClassData.load(dir, TRAIN, 3, 7, 100);
    assertEquals(4, all.n());
    assertArrayEquals(new double[] {1, 1, -1, 1}, all.y());
    assertTrue(all.source().endsWith("(n=4)"), all.source());
  }

  @Test
  void testSplitReadsGzippedT10kFiles() throws IOException {
    Dataset ds = ImageClassData.load(dataDir() + "/", TEST, 3, 1, 0);
    assertEquals("digits test classes 3,1 (n=2)", ds.source());
    assertArrayEquals(new double[] {-1, 1}, ds.y());
    assertArrayEquals(new double[] {0, 1, 1, 0}, ds.x(), 0.0);
  }

  @Test
  void noQualifyingRowIsAnError() throws IOException {
    String dir = dataDir();
    DataException e = assertThrows(DataException.class,
        () -> ImageClassData.load(dir, TRAIN, 0, 2, 10));
    assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
    assertTrue(e.getMessage().contains("no train rows of class 0 or 2"), e.getMessage());
  }

  @Test
  void countMismatchNamesBothFiles() {
    String img = write(tmp, "train-images-idx3-ubyte.gz",
        images(5, 1, 1, new int[] {1, 2, 3, 4, 5}));
    String lab = write(tmp, "train-labels-idx1-ubyte.gz", labels(0, 1, 0, 1));
    DataException e = assertThrows(DataException.class,
        () -> ImageClassData.load(tmp.toString(), TRAIN, 0, 1, 0));
    String m = e.getMessage();
    assertTrue(m.contains(img) && m.contains(lab), m);
    assertTrue(m.contains("5 images") && m.contains("4 labels"), m);
  }

  @Test
  void wrongDimensionsLabelsAboveNineAndBlankImages() {
    write(tmp, "train-labels-idx1-ubyte", labels(0, 1));
    String flat = write(tmp, "train-images-idx3-ubyte",
        IdxTestFiles.idx(new int[] {2, 2}, IdxTestFiles.bytes(1, 2, 3, 4)));
    assertMessage(() -> ImageClassData.load(tmp.toString(), TRAIN, 0, 1, 0),
        flat, "3 dimensions");
    write(tmp, "train-images-idx3-ubyte", images(2, 1, 2, new int[] {0, 0, 3, 4}));
    assertMessage(() -> ImageClassData.load(tmp.toString(), TRAIN, 0, 1, 0),
        "train-images-idx3-ubyte item 0", "all pixels are zero");
    assertEquals(1, ImageClassData.load(tmp.toString(), TRAIN, 1, 2, 0).n());
    String lab = write(tmp, "train-labels-idx1-ubyte", labels(0, 12));
    assertMessage(() -> ImageClassData.load(tmp.toString(), TRAIN, 0, 1, 0),
        lab + " item 1", "label 12");
  }

  @Test
  void missingDirectoryOrFiles() throws IOException {
    String gone = tmp.resolve("gone").toString();
    assertMessage(() -> ImageClassData.load(gone, TRAIN, 0, 1, 0), gone, "no such directory");
    String dir = dataDir();
    Files.delete(Path.of(dir, "t10k-images-idx3-ubyte.gz"));
    assertMessage(() -> ImageClassData.load(dir, TEST, 3, 1, 0), dir,
        "t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte exists");
  }

  @Test
  void badClassesAreRejectedBeforeReading() {
    String dir = tmp.toString();
    assertThrows(IllegalArgumentException.class, () -> ImageClassData.load(dir, TRAIN, 10, 1, 0));
    assertThrows(IllegalArgumentException.class, () -> ImageClassData.load(dir, TRAIN, 0, -1, 0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImageClassData.load(dir, TRAIN, 4, 4, 0));
    assertTrue(e.getMessage().contains("differ"), e.getMessage());
  }

  @Test
  void parseClasses() {
    assertArrayEquals(new int[] {0, 6}, ImageClassData.parseClasses("0,6"));
    assertArrayEquals(new int[] {9, 2}, ImageClassData.parseClasses(" 9 , 2 "));
    for (String bad : new String[] {"", "0", "0,6,1", "0,", "a,b", "1,1", "10,2", "-1,3",
        "0;6", "1.0,2", "99999999999,1"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ImageClassData.parseClasses(bad), bad);
      String m = e.getMessage();
      assertTrue(m.contains("\"" + bad + "\"") && !m.contains("\n"), m);
    }
  }

  private static void assertMessage(Runnable r, String... fragments) {
    DataException e = assertThrows(DataException.class, r::run);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
    }
  }
}
