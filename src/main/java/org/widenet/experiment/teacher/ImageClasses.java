package org.widenet.experiment.teacher;

import org.widenet.data.DataException;
import org.widenet.data.IdxFile;

/**
 * All ten classes of an IDX image set in the MNIST layout (Fashion-MNIST): pixels divided by
 * 255, then every row scaled to unit Euclidean norm, as Song et al.'s theory assumes
 * (||x_i|| = 1). Appendix G says only "normalized". Per-pixel standardization (torchvision's
 * Normalize) was tried first: it makes ||x|| about 28, so at the sweep's largest omega1 (1.13)
 * pre-activations have a standard deviation near 30 and SGD at the paper's step diverges.
 */
public final class ImageClasses {
  /** The classes of the label files. */
  public static final int CLASSES = 10;

  private ImageClasses() {}

  /** Training and test rows. */
  public record Split(ClassData train, ClassData test) {}

  /**
   * Loads the first {@code n} training rows and the first {@code testN} test rows.
   *
   * @throws DataException when a file is missing or malformed, or a label is outside 0..9
   */
  public static Split load(String dir, int n, int testN) {
    return new Split(build(dir, "train", raw(dir, "train", n)),
        build(dir, "test", raw(dir, "t10k", testN)));
  }

  private static ClassData build(String dir, String word, double[][] raw) {
    double[] x = raw[0];
    int n = raw[1].length;
    int d = x.length / n;
    for (int i = 0; i < n; i++) {
      double sum = 0;
      for (int j = 0; j < d; j++) {
        sum += x[i + j * n] * x[i + j * n];
      }
      if (sum == 0) {
        throw new DataException(dir + " " + word + " item " + i + ": all pixels are zero; "
            + "cannot scale to unit norm");
      }
      double norm = Math.sqrt(sum);
      for (int j = 0; j < d; j++) {
        x[i + j * n] /= norm;
      }
    }
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (int) raw[1][i];
    }
    String name = dir.replaceAll("/+$", "");
    name = name.substring(name.lastIndexOf('/') + 1);
    return new ClassData(name + " " + word + " (n=" + n + ", 10 classes)", n, x.length / n, x,
        labels, CLASSES);
  }

  /** {pixels / 255 as n x d column-major, labels as doubles}. */
  private static double[][] raw(String dir, String prefix, int limit) {
    String base = dir.endsWith("/") ? dir : dir + "/";
    IdxFile labels = IdxFile.read(existing(base + prefix + "-labels-idx1-ubyte"));
    IdxFile images = IdxFile.read(existing(base + prefix + "-images-idx3-ubyte"));
    if (images.dims().length != 3 || labels.dims().length != 1) {
      throw new DataException(images.path() + ": expected 3-dimensional images and "
          + "1-dimensional labels");
    }
    if (images.count() != labels.count()) {
      throw new DataException(images.path() + " has " + images.count() + " images but "
          + labels.path() + " has " + labels.count() + " labels");
    }
    int n = limit <= 0 ? labels.count() : Math.min(limit, labels.count());
    int d = images.itemSize();
    double[] x = new double[n * d];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      int c = labels.unsignedByte(i, 0);
      if (c >= CLASSES) {
        throw new DataException(labels.path() + " item " + i + ": label " + c
            + " is outside 0..9");
      }
      y[i] = c;
      for (int j = 0; j < d; j++) {
        x[i + j * n] = images.unsignedByte(i, j) / 255.0;
      }
    }
    return new double[][] {x, y};
  }

  private static String existing(String path) {
    if (new java.io.File(path + ".gz").isFile()) {
      return path + ".gz";
    }
    if (new java.io.File(path).isFile()) {
      return path;
    }
    throw new DataException(path + ": neither " + path + ".gz nor " + path + " exists");
  }
}
