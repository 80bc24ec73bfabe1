package org.widenet.data;

import java.io.IOException;
import java.util.Objects;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A labelled image set in the MNIST layout, cut down to two classes for the binary experiments of
 * Arora et al. (2019), Appendix A: the first class gets label +1, the second -1, and every input
 * is scaled to unit norm.
 *
 * <p>A directory holds four IDX files (see {@link IdxFile}): {@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte} and
 * {@code t10k-labels-idx1-ubyte}, each either gzipped with the suffix {@code .gz} or plain (the
 * {@code .gz} name is tried first). Fashion-MNIST and MNIST are distributed this way. The
 * directory may be a local path or a Hadoop URI.
 */
public final class ImageClassData {
  /** Largest class index: the label files hold classes 0..9. */
  static final int MAX_CLASS = 9;

  /** Which of the two standard parts of the data set to load. */
  public enum Split {
    /** The training part, files {@code train-*}. */
    TRAIN("train", "train"),
    /** The test part, files {@code t10k-*}. */
    TEST("test", "t10k");

    private final String word;
    private final String prefix;

    Split(String word, String prefix) {
      this.word = word;
      this.prefix = prefix;
    }
  }

  private ImageClassData() {}

  /**
   * Loads the rows of two classes from one split.
   *
   * <p>Pixels are scaled to [0, 1] (divided by 255), then each row is scaled to unit Euclidean
   * norm. Only rows whose class is {@code classA} or {@code classB} are kept, in file order;
   * {@code classA} rows get target +1 and {@code classB} rows -1. The first {@code limit} such
   * rows are taken; when the split has fewer, all of them are taken without complaint, so the
   * returned n can be below {@code limit}. The source reads like
   * {@code "fashion-mnist train classes 0,6 (n=1000)"}, with the last name of {@code dir}.
   *
   * @param dir directory holding the IDX files: a local path or a Hadoop URI
   * @param split which split to read
   * @param classA class (0..9) labelled +1
   * @param classB class (0..9) labelled -1, different from {@code classA}
   * @param limit most rows to take; 0 or negative means all of them
   * @return n rows of d = rows*columns pixels, unit norm, targets +1 or -1
   * @throws IllegalArgumentException if a class is outside 0..9 or the two are equal
   * @throws DataException if a file is missing, unreadable or malformed (see
   *     {@link IdxFile#read}), the image file is not 3-dimensional or the label file not
   *     1-dimensional, their counts differ (naming both files), a label is outside 0..9, a chosen
   *     image is all zeros, or no row has either class; item numbers in messages start at 0
   */
  public static Dataset load(String dir, Split split, int classA, int classB, int limit) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(split, "split");
    checkClass(classA);
    checkClass(classB);
    if (classA == classB) {
      throw new IllegalArgumentException("the two classes must differ, got " + classA + " twice");
    }
    checkDirectory(dir);
    String labelPath = find(dir, split.prefix + "-labels-idx1-ubyte");
    String imagePath = find(dir, split.prefix + "-images-idx3-ubyte");
    IdxFile labels = IdxFile.read(labelPath);
    if (labels.dims().length != 1) {
      throw new DataException(labelPath + ": expected a label file with 1 dimension, found "
          + labels.dims().length);
    }
    IdxFile images = IdxFile.read(imagePath);
    if (images.dims().length != 3) {
      throw new DataException(imagePath + ": expected an image file with 3 dimensions, found "
          + images.dims().length);
    }
    if (images.count() != labels.count()) {
      throw new DataException(imagePath + " has " + images.count() + " images but " + labelPath
          + " has " + labels.count() + " labels");
    }
    int cap = limit <= 0 ? labels.count() : Math.min(limit, labels.count());
    int[] rows = new int[cap];
    int n = 0;
    for (int item = 0; item < labels.count(); item++) {
      int c = labels.unsignedByte(item, 0);
      if (c > MAX_CLASS) {
        throw new DataException(labelPath + " item " + item + ": label " + c
            + " is outside 0.." + MAX_CLASS);
      }
      if ((c == classA || c == classB) && n < cap) {
        rows[n++] = item;
      }
    }
    if (n == 0) {
      throw new DataException(labelPath + ": no " + split.word + " rows of class " + classA
          + " or " + classB);
    }
    int d = images.itemSize();
    DataLoader.checkSize(imagePath, n, d);
    double[] x = new double[n * d];
    double[] y = new double[n];
    double[] pixels = new double[d];
    for (int i = 0; i < n; i++) {
      int item = rows[i];
      double sum = 0.0;
      for (int j = 0; j < d; j++) {
        pixels[j] = images.unsignedByte(item, j) / 255.0;
        sum += pixels[j] * pixels[j];
      }
      if (sum == 0.0) {
        throw new DataException(imagePath + " item " + item
            + ": all pixels are zero; cannot scale to unit norm");
      }
      double norm = Math.sqrt(sum);
      for (int j = 0; j < d; j++) {
        x[i + j * n] = pixels[j] / norm;
      }
      y[i] = labels.unsignedByte(item, 0) == classA ? 1.0 : -1.0;
    }
    String source = name(dir) + " " + split.word + " classes " + classA + "," + classB
        + " (n=" + n + ")";
    return new Dataset(source, n, d, x, y);
  }

  /**
   * Parses a pair of classes written {@code "A,B"}, such as {@code "0,6"}; spaces around the
   * numbers are allowed.
   *
   * @param spec the text to parse
   * @return the two classes, {@code classA} first
   * @throws IllegalArgumentException with a one-line reason if spec is not two distinct integers
   *     in 0..9 separated by one comma
   */
  public static int[] parseClasses(String spec) {
    Objects.requireNonNull(spec, "spec");
    String[] parts = spec.split(",", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected two classes written A,B (e.g. 0,6), got \""
          + spec + "\"");
    }
    int[] classes = new int[2];
    for (int k = 0; k < 2; k++) {
      String p = parts[k].trim();
      if (!p.matches("[0-9]{1,9}") || Integer.parseInt(p) > MAX_CLASS) {
        throw new IllegalArgumentException("class \"" + p + "\" in \"" + spec
            + "\" is not an integer in 0.." + MAX_CLASS);
      }
      classes[k] = Integer.parseInt(p);
    }
    if (classes[0] == classes[1]) {
      throw new IllegalArgumentException("the two classes in \"" + spec + "\" must differ");
    }
    return classes;
  }

  private static void checkClass(int c) {
    if (c < 0 || c > MAX_CLASS) {
      throw new IllegalArgumentException("class " + c + " is outside 0.." + MAX_CLASS);
    }
  }

  private static void checkDirectory(String dir) {
    try {
      Path p = new Path(dir);
      FileSystem fs = p.getFileSystem(new Configuration());
      if (!fs.exists(p)) {
        throw new DataException(dir + ": no such directory");
      }
      if (!fs.getFileStatus(p).isDirectory()) {
        throw new DataException(dir + ": not a directory; give the directory of the IDX files");
      }
    } catch (IOException | IllegalArgumentException e) {
      throw new DataException(dir + ": cannot open: " + DataLoader.oneLine(e));
    }
  }

  /** The path of base.gz in dir if it exists, else of base. */
  private static String find(String dir, String base) {
    String prefix = dir.endsWith("/") ? dir : dir + "/";
    if (exists(prefix + base + ".gz")) {
      return prefix + base + ".gz";
    }
    if (exists(prefix + base)) {
      return prefix + base;
    }
    throw new DataException(dir + ": neither " + base + ".gz nor " + base + " exists");
  }

  private static boolean exists(String path) {
    try {
      Path p = new Path(path);
      return p.getFileSystem(new Configuration()).exists(p);
    } catch (IOException | IllegalArgumentException e) {
      throw new DataException(path + ": cannot open: " + DataLoader.oneLine(e));
    }
  }

  private static String name(String dir) {
    String trimmed = dir.replaceAll("/+$", "");
    String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
    return last.isEmpty() ? dir : last;
  }
}
