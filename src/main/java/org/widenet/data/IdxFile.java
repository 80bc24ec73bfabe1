package org.widenet.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.zip.ZipException;

/**
 * An IDX file, the format of MNIST and Fashion-MNIST, held in memory.
 *
 * <p>The file starts with a big-endian 32-bit magic number {@code 0x00000800 | type << 8 | ndims}
 * (two zero bytes, the element type, the number of dimensions), then {@code ndims} big-endian
 * 32-bit sizes, then the elements in row-major order. Only the element type {@code 0x08}
 * (unsigned byte) is supported; image files have 3 dimensions (count, rows, columns) and label
 * files 1 (count). The file must hold exactly the bytes the header promises: fewer is reported as
 * truncated and more as corrupted.
 *
 * <p>Paths are opened like {@link DataLoader} opens them: a local path or any Hadoop URI, and a
 * name ending in {@code .gz} is gunzipped. Every problem is a one-line {@link DataException}
 * naming the path as given and, where it applies, the byte offset or the item.
 */
public final class IdxFile {
  /** Element type code of unsigned bytes, the only one supported. */
  static final int UNSIGNED_BYTE = 0x08;

  private final String path;
  private final int[] dims;
  private final int itemSize;
  private final byte[] data;

  private IdxFile(String path, int[] dims, int itemSize, byte[] data) {
    this.path = path;
    this.dims = dims;
    this.itemSize = itemSize;
    this.data = data;
  }

  /**
   * Reads a whole IDX file.
   *
   * @param path local path or Hadoop URI; gunzipped when the name ends in .gz
   * @return the file's dimensions and data
   * @throws DataException naming the path if the file is missing or unreadable, does not start
   *     with an IDX magic number ("not an IDX file"), has an unsupported element type, a negative
   *     or too large size, fewer data bytes than the header promises ("truncated: expected N
   *     bytes of data, found M"), bytes after the data ("corrupted: K bytes after the data"), or
   *     broken gzip compression
   */
  public static IdxFile read(String path) {
    Objects.requireNonNull(path, "path");
    try (InputStream in = DataLoader.openStream(path)) {
      return parse(in, path);
    } catch (EOFException e) {
      throw new DataException(path + ": truncated gzip data: " + DataLoader.oneLine(e));
    } catch (ZipException e) {
      throw new DataException(path + ": corrupted gzip data: " + DataLoader.oneLine(e));
    } catch (IOException e) {
      throw new DataException(path + ": cannot read: " + DataLoader.oneLine(e));
    }
  }

  private static IdxFile parse(InputStream in, String path) throws IOException {
    byte[] magic = in.readNBytes(4);
    if (magic.length < 4 || magic[0] != 0 || magic[1] != 0 || magic[3] == 0) {
      throw new DataException(path + ": not an IDX file: the first 4 bytes are " + hex(magic)
          + ", expected 00 00 <type> <ndims> with ndims >= 1");
    }
    int type = magic[2] & 0xFF;
    int ndims = magic[3] & 0xFF;
    if (type != UNSIGNED_BYTE) {
      throw new DataException(path + ": unsupported IDX element type 0x"
          + String.format("%02X", type) + " at byte offset 2; only 0x08 (unsigned byte) is read");
    }
    byte[] header = in.readNBytes(4 * ndims);
    if (header.length < 4 * ndims) {
      throw new DataException(path + ": truncated: the header promises " + ndims
          + " dimension sizes (" + 4 * ndims + " bytes), found " + header.length + " bytes");
    }
    int[] dims = new int[ndims];
    long itemSize = 1;
    for (int k = 0; k < ndims; k++) {
      dims[k] = ((header[4 * k] & 0xFF) << 24) | ((header[4 * k + 1] & 0xFF) << 16)
          | ((header[4 * k + 2] & 0xFF) << 8) | (header[4 * k + 3] & 0xFF);
      if (dims[k] < 0) {
        throw new DataException(path + ": corrupted: dimension " + (k + 1) + " (byte offset "
            + (4 + 4 * k) + ") has negative size " + dims[k]);
      }
      if (k > 0) {
        itemSize = Math.min(itemSize * dims[k], DataLoader.MAX_ENTRIES + 1);
      }
    }
    long total = dims[0] * itemSize;
    if (total > DataLoader.MAX_ENTRIES || itemSize > DataLoader.MAX_ENTRIES) {
      throw new DataException(path + ": " + shape(dims)
          + " elements are too many to hold in memory (at most " + DataLoader.MAX_ENTRIES + ")");
    }
    byte[] data = in.readNBytes((int) total);
    if (data.length < total) {
      String where = itemSize == 0 ? "" : " (the data ends inside item " + data.length / itemSize
          + " of " + dims[0] + ")";
      throw new DataException(path + ": truncated: expected " + total + " bytes of data, found "
          + data.length + where);
    }
    long extra = 0;
    byte[] buf = new byte[1 << 16];
    for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
      extra += r;
    }
    if (extra > 0) {
      throw new DataException(path + ": corrupted: " + extra + " bytes after the data (which ends"
          + " at byte offset " + (4 + 4L * ndims + total) + ")");
    }
    return new IdxFile(path, dims, (int) itemSize, data);
  }

  /** @return the path this file was read from, as it was given */
  public String path() {
    return path;
  }

  /** @return a copy of the dimension sizes, the item count first */
  public int[] dims() {
    return dims.clone();
  }

  /** @return the number of items, the first dimension */
  public int count() {
    return dims[0];
  }

  /** @return the number of elements in one item, the product of all dimensions after the first */
  public int itemSize() {
    return itemSize;
  }

  /**
   * One element of one item.
   *
   * @param item 0-based item index, below {@link #count()}
   * @param offset 0-based element index within the item, below {@link #itemSize()}
   * @return the element as an unsigned value in 0..255
   * @throws IndexOutOfBoundsException if item or offset is out of range
   */
  public int unsignedByte(int item, int offset) {
    Objects.checkIndex(item, dims[0]);
    Objects.checkIndex(offset, itemSize);
    return data[item * itemSize + offset] & 0xFF;
  }

  /** @return a short description: the path and the dimensions */
  @Override
  public String toString() {
    return "IdxFile[" + path + ", " + shape(dims) + "]";
  }

  private static String shape(int[] dims) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < dims.length; k++) {
      b.append(k == 0 ? "" : "x").append(dims[k]);
    }
    return b.toString();
  }

  private static String hex(byte[] bytes) {
    if (bytes.length == 0) {
      return "(none: the file is empty)";
    }
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < bytes.length; k++) {
      b.append(k == 0 ? "" : " ").append(String.format("%02X", bytes[k] & 0xFF));
    }
    return b.toString();
  }
}
