package org.widenet.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Arrays of doubles as their raw IEEE bits, big-endian, for block files: what is read back is
 * bit for bit what was written (-0.0, NaN payloads and subnormals included).
 */
public final class RawDoubles {
  private RawDoubles() {}

  /** Writes every value of {@code values}, in order. */
  public static void write(double[] values, DataOutputStream out) throws IOException {
    for (double v : values) {
      out.writeLong(Double.doubleToRawLongBits(v));
    }
  }

  /**
   * Reads {@code length} values into a new array.
   *
   * @throws java.io.EOFException when the stream ends first
   */
  public static double[] read(DataInputStream in, int length) throws IOException {
    double[] values = new double[length];
    for (int k = 0; k < length; k++) {
      values[k] = Double.longBitsToDouble(in.readLong());
    }
    return values;
  }
}
