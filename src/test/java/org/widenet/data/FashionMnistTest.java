package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The installed Fashion-MNIST (package dataset-fashion-mnist); skipped where it is absent. */
class FashionMnistTest {
  private static final String DIR = "/usr/share/datasets/fashion-mnist";
  private static IdxFile trainImages;
  private static IdxFile trainLabels;

  @BeforeAll
  static void readTrainingFilesOnce() {
    Assumptions.assumeTrue(Files.isDirectory(Path.of(DIR)), DIR + " is not installed");
    trainImages = IdxFile.read(DIR + "/train-images-idx3-ubyte.gz");
    trainLabels = IdxFile.read(DIR + "/train-labels-idx1-ubyte.gz");
  }

  @Test
  void trainFilesHold60000ImagesOf28x28WithBalancedClasses() {
    assertArrayEquals(new int[] {60000, 28, 28}, trainImages.dims());
    assertEquals(784, trainImages.itemSize());
    assertArrayEquals(new int[] {60000}, trainLabels.dims());
    int[] perClass = new int[10];
    for (int i = 0; i < trainLabels.count(); i++) {
      int c = trainLabels.unsignedByte(i, 0);
      assertTrue(c <= 9, "label " + c + " at item " + i);
      perClass[c]++;
    }
    for (int c = 0; c < 10; c++) {
      assertEquals(6000, perClass[c], "class " + c);
    }
  }

  @Test
  void twoClassTrainSetMatchesTheRawFiles() {
    Dataset ds = ImageClassData.load(DIR, ImageClassData.Split.TRAIN, 0, 6, 500);
    assertEquals("fashion-mnist train classes 0,6 (n=500)", ds.source());
    assertEquals(500, ds.n());
    assertEquals(784, ds.d());
    assertUnitRowsAndBothLabels(ds);
    // Row i is the i-th item of class 0 or 6 in file order, pixels / 255 scaled to unit norm.
    int item = -1;
    for (int i = 0; i < ds.n(); i++) {
      do {
        item++;
      } while (trainLabels.unsignedByte(item, 0) != 0 && trainLabels.unsignedByte(item, 0) != 6);
      assertEquals(trainLabels.unsignedByte(item, 0) == 0 ? 1.0 : -1.0, ds.y()[i], "row " + i);
      double norm = 0;
      for (int j = 0; j < 784; j++) {
        norm += Math.pow(trainImages.unsignedByte(item, j) / 255.0, 2);
      }
      norm = Math.sqrt(norm);
      for (int j = 0; j < 784; j += 13) {
        assertEquals(trainImages.unsignedByte(item, j) / 255.0 / norm, ds.x()[i + j * 500],
            1e-15, "row " + i + " pixel " + j);
      }
    }
  }

  @Test
  void testSplitHasAllRowsOfTheTwoClasses() {
    Dataset ds = ImageClassData.load(DIR + "/", ImageClassData.Split.TEST, 6, 0, 0);
    assertEquals("fashion-mnist test classes 6,0 (n=2000)", ds.source());
    assertEquals(2000, ds.n());
    assertEquals(784, ds.d());
    assertUnitRowsAndBothLabels(ds);
  }

  private static void assertUnitRowsAndBothLabels(Dataset ds) {
    int plus = 0;
    for (int i = 0; i < ds.n(); i++) {
      double y = ds.y()[i];
      assertTrue(y == 1.0 || y == -1.0, "label " + y + " at row " + i);
      plus += y > 0 ? 1 : 0;
      double s = 0;
      for (int j = 0; j < ds.d(); j++) {
        double v = ds.x()[i + j * ds.n()];
        assertTrue(v >= 0, "row " + i + " has a negative pixel");
        s += v * v;
      }
      assertEquals(1.0, Math.sqrt(s), 1e-12, "norm of row " + i);
    }
    assertTrue(plus > 0 && plus < ds.n(), "both labels should be present: " + plus);
  }
}
