package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.model.NeuronBlock;

/** The checkpoint block file: bit-exact round trip, and damage named, never loaded. */
class BlockFilesTest {
  /** The family the blocks belong to (relu2; the block files name it). */
  private static final org.widenet.model.NetworkSpec SPEC = new org.widenet.model.NetworkSpec(
      org.widenet.model.ModelFamily.RELU2, 100, 1.0, 0, false);
  private static final Map<String, String> CONF = BlockFiles.settings(new Configuration());

  @TempDir Path dir;

  private static NeuronBlock randomBlock(int id, int count, int d, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] w = new double[count * d];
    double[] a = new double[count];
    for (int k = 0; k < w.length; k++) {
      w[k] = random.nextGaussian() * Math.pow(10, random.nextInt(-300, 300));
    }
    for (int j = 0; j < count; j++) {
      a[j] = random.nextBoolean() ? 1 : -1;
    }
    w[0] = -0.0;
    w[1] = Double.MIN_VALUE;
    return NeuronBlock.restore(id, 1000L * id, d, 17, w, a);
  }

  @Test
  void roundTripIsBitExact() {
    NeuronBlock block = randomBlock(3, 37, 11, 5);
    long[] info = BlockFiles.write(block, SPEC, dir.toString(), CONF);
    assertEquals(3, info[0]);
    assertEquals(info[1], dir.resolve("block-00003.bin").toFile().length());
    NeuronBlock back = (NeuronBlock) BlockFiles.read(SPEC, dir.toString(), 3, info[2], CONF);
    assertEquals(block.blockId(), back.blockId());
    assertEquals(block.firstNeuron(), back.firstNeuron());
    assertEquals(block.count(), back.count());
    assertEquals(block.inputDim(), back.inputDim());
    assertEquals(block.stepsApplied(), back.stepsApplied());
    for (int k = 0; k < block.weights().length; k++) {
      assertEquals(Double.doubleToRawLongBits(block.weights()[k]),
          Double.doubleToRawLongBits(back.weights()[k]), "weight " + k);
    }
    assertArrayEquals(block.outputWeights(), back.outputWeights(), 0.0);
  }

  /** A task Spark runs again writes the same block into the same fresh checkpoint directory. */
  @Test
  void aTaskRunAgainReplacesItsOwnEarlierAttemptAndLeavesNoTemporaryFile() throws IOException {
    NeuronBlock block = randomBlock(0, 4, 3, 1);
    long[] first = BlockFiles.write(block, SPEC, dir.toString(), CONF);
    long[] again = BlockFiles.write(block, SPEC, dir.toString(), CONF);
    assertArrayEquals(first, again);
    NeuronBlock back = (NeuronBlock) BlockFiles.read(SPEC, dir.toString(), 0, again[2], CONF);
    assertArrayEquals(block.weights(), back.weights(), 0.0);
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString())
          .filter(name -> !name.endsWith(".crc")).sorted().toList();
      assertEquals(List.of("block-00000.bin"), names, "only the block file is left");
    }
  }

  @Test
  void truncatedFileIsNamedAsDamaged() throws IOException {
    long[] info = BlockFiles.write(randomBlock(1, 20, 6, 2), SPEC, dir.toString(), CONF);
    Path file = dir.resolve("block-00001.bin");
    Files.deleteIfExists(dir.resolve(".block-00001.bin.crc")); // Hadoop's own side checksum
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength(f.length() - 100);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> BlockFiles.read(SPEC, dir.toString(), 1, info[2], CONF));
    assertTrue(e.getMessage().contains("block-00001.bin is damaged: truncated"), e.getMessage());
  }

  @Test
  void alteredByteFailsTheFilesOwnChecksum() throws IOException {
    long[] info = BlockFiles.write(randomBlock(2, 20, 6, 3), SPEC, dir.toString(), CONF);
    Path file = dir.resolve("block-00002.bin");
    Files.deleteIfExists(dir.resolve(".block-00002.bin.crc"));
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.seek(200);
      int b = f.read();
      f.seek(200);
      f.write(b ^ 1);
    }
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> BlockFiles.read(SPEC, dir.toString(), 2, -1, CONF));
    assertTrue(e.getMessage().contains("damaged: checksum mismatch"), e.getMessage());
  }

  @Test
  void fileOfAnotherBlockIsRefused() throws IOException {
    BlockFiles.write(randomBlock(4, 5, 2, 4), SPEC, dir.toString(), CONF);
    Files.move(dir.resolve("block-00004.bin"), dir.resolve("block-00005.bin"));
    Files.deleteIfExists(dir.resolve(".block-00004.bin.crc"));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> BlockFiles.read(SPEC, dir.toString(), 5, -1, CONF));
    assertTrue(e.getMessage().contains("header says block 4"), e.getMessage());
  }
}
