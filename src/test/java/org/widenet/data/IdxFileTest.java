package org.widenet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.widenet.data.IdxTestFiles.bytes;
import static org.widenet.data.IdxTestFiles.gzip;
import static org.widenet.data.IdxTestFiles.idx;
import static org.widenet.data.IdxTestFiles.images;
import static org.widenet.data.IdxTestFiles.labels;
import static org.widenet.data.IdxTestFiles.write;
import static org.widenet.data.IdxTestFiles.writeRaw;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {
  @TempDir Path dir;

  /** 3 images of 2x3 pixels, covering 0, 255 and values above 127 (negative as Java bytes). */
  private static final int[] PIXELS = {
    0, 1, 2, 127, 128, 255,
    255, 254, 200, 100, 50, 0,
    9, 8, 7, 6, 5, 4};

  private static void assertImages(IdxFile f) {
    assertArrayEquals(new int[] {3, 2, 3}, f.dims());
    assertEquals(3, f.count());
    assertEquals(6, f.itemSize());
    for (int item = 0; item < 3; item++) {
      for (int k = 0; k < 6; k++) {
        assertEquals(PIXELS[item * 6 + k], f.unsignedByte(item, k), "item " + item + " at " + k);
      }
    }
  }

  @Test
  void plainImagesReadBackExactly() {
    assertImages(IdxFile.read(write(dir, "img-idx3-ubyte", images(3, 2, 3, PIXELS))));
  }

  @Test
  void gzippedImagesReadBackExactly() {
    assertImages(IdxFile.read(write(dir, "img-idx3-ubyte.gz", images(3, 2, 3, PIXELS))));
  }

  @Test
  void labelsPlainAndGzipped() {
    for (String name : new String[] {"lab-idx1-ubyte", "lab-idx1-ubyte.gz"}) {
      IdxFile f = IdxFile.read(write(dir, name, labels(9, 0, 3, 255)));
      assertArrayEquals(new int[] {4}, f.dims());
      assertEquals(4, f.count());
      assertEquals(1, f.itemSize());
      assertEquals(9, f.unsignedByte(0, 0));
      assertEquals(0, f.unsignedByte(1, 0));
      assertEquals(3, f.unsignedByte(2, 0));
      assertEquals(255, f.unsignedByte(3, 0));
    }
  }

  @Test
  void dimsIsACopyAndIndicesAreChecked() {
    IdxFile f = IdxFile.read(write(dir, "a", images(3, 2, 3, PIXELS)));
    f.dims()[0] = 99;
    assertEquals(3, f.dims()[0]);
    assertThrows(IndexOutOfBoundsException.class, () -> f.unsignedByte(3, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> f.unsignedByte(0, 6));
    assertThrows(IndexOutOfBoundsException.class, () -> f.unsignedByte(-1, 0));
  }

  @Test
  void emptyItemSetIsReadable() {
    IdxFile f = IdxFile.read(write(dir, "none", idx(new int[] {0, 28, 28}, new byte[0])));
    assertEquals(0, f.count());
    assertEquals(784, f.itemSize());
  }

  @Test
  void badMagic() {
    assertFails(write(dir, "zip", bytes('P', 'K', 3, 4, 0, 0, 0, 1, 7)), "not an IDX file");
    assertFails(write(dir, "nodims", bytes(0, 0, 8, 0, 1, 2)), "not an IDX file");
    assertFails(write(dir, "short", bytes(0, 0)), "not an IDX file");
    assertFails(write(dir, "empty", new byte[0]), "not an IDX file", "empty");
  }

  @Test
  void unsupportedType() {
    byte[] floats = idx(new int[] {1}, new byte[4]);
    floats[2] = 0x0D;
    assertFails(write(dir, "floats", floats), "unsupported", "0x0D");
  }

  @Test
  void truncatedHeaderOrData() {
    byte[] full = images(3, 2, 3, PIXELS);
    assertFails(write(dir, "hdr", Arrays.copyOf(full, 10)), "truncated", "3 dimension sizes");
    int header = 16;
    assertFails(write(dir, "data", Arrays.copyOf(full, header + 11)),
        "truncated: expected 18 bytes of data, found 11", "item 1 of 3");
    assertFails(write(dir, "data.gz", Arrays.copyOf(full, header)),
        "truncated: expected 18 bytes of data, found 0");
  }

  @Test
  void trailingBytesAreCorruption() {
    byte[] full = images(3, 2, 3, PIXELS);
    byte[] longer = Arrays.copyOf(full, full.length + 5);
    assertFails(write(dir, "tail", longer), "corrupted: 5 bytes after the data", "offset 34");
    assertFails(write(dir, "tail.gz", longer), "corrupted: 5 bytes after the data");
  }

  @Test
  void negativeDimensionIsCorruption() {
    byte[] b = idx(new int[] {1, 1}, bytes(7));
    b[8] = (byte) 0xFF;
    assertFails(write(dir, "neg", b), "corrupted", "dimension 2", "negative");
  }

  @Test
  void truncatedGzip() {
    byte[] gz = gzip(images(3, 2, 3, PIXELS));
    assertFails(writeRaw(dir, "cut.gz", Arrays.copyOf(gz, gz.length / 2)), "truncated");
    assertFails(writeRaw(dir, "hdr.gz", Arrays.copyOf(gz, 5)), "truncated");
    assertFails(writeRaw(dir, "nothing.gz", new byte[0]), "truncated");
  }

  @Test
  void corruptedGzip() {
    byte[] gz = gzip(images(3, 2, 3, PIXELS));
    gz[gz.length - 6] ^= 0x5A; // inside the CRC-32 trailer
    assertFails(writeRaw(dir, "crc.gz", gz), "corrupted");
    assertFails(writeRaw(dir, "raw.gz", images(3, 2, 3, PIXELS)), "corrupted", "GZIP");
  }

  @Test
  void missingFile() {
    assertFails(dir.resolve("nope-idx3-ubyte.gz").toString(), "no such file");
  }

  private static void assertFails(String path, String... fragments) {
    DataException e = assertThrows(DataException.class, () -> IdxFile.read(path));
    String m = e.getMessage();
    assertTrue(m.contains(path), "message should name the file: " + m);
    assertTrue(!m.contains("\n") && !m.contains("\r"), "message should be one line: " + m);
    for (String f : fragments) {
      assertTrue(m.contains(f), "message should contain '" + f + "': " + m);
    }
  }
}
