package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.widenet.model.NeuronBlock;
import org.widenet.train.TrainerState;

/** Checkpoint directories: atomic commit, what survives a crash mid-write, pruning, damage. */
class CheckpointStoreTest {
  /** The family the blocks belong to (relu2; the block files name it). */
  private static final org.widenet.model.NetworkSpec SPEC = new org.widenet.model.NetworkSpec(
      org.widenet.model.ModelFamily.RELU2, 100, 1.0, 0, false);
  @TempDir Path dir;

  private final Configuration conf = new Configuration();

  /** Writes a complete one-block checkpoint of iteration t the way training does. */
  private Checkpoint write(CheckpointStore store, int t) throws IOException {
    String tmp = store.begin(t);
    long[] file = BlockFiles.write(NeuronBlock.restore(0, 0, 2, t, new double[] {t, 2, 3, 4},
        new double[] {1, -1}), SPEC, CheckpointStore.blocksDir(tmp), BlockFiles.settings(conf));
    Path metrics = Files.writeString(dir.resolve("metrics-" + t + ".csv"), "iteration\n" + t);
    TrainerState state = new TrainerState(t, 0.1 / 3, true, 2.5, 1e-3, 7.0, 1234L);
    return store.commit(new Checkpoint(tmp, state, List.of(file), Map.of("lr", "auto"),
        "hash", Map.of("width", List.of("2")), 0, 0), metrics);
  }

  private List<String> names(Path root) throws IOException {
    try (Stream<Path> s = Files.list(root)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith("metrics-"))
          .sorted().toList();
    }
  }

  @Test
  void committedCheckpointReadsBackExactly() throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("ck").toString(), conf);
    Checkpoint written = write(store, 20);
    Checkpoint read = store.read(store.committed().get(0));
    assertEquals(written.state(), read.state(), "doubles travel as raw bits");
    assertEquals(Map.of("lr", "auto"), read.settings());
    assertEquals(List.of("2"), read.options().get("width"));
    assertEquals("iteration\n20", new String(store.readMetrics(read)));
  }

  @Test
  void theManifestNamesTheFamilyOfTheRun() throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("ck").toString(), conf);
    String tmp = store.begin(3);
    long[] file = BlockFiles.write(NeuronBlock.restore(0, 0, 2, 3, new double[] {1, 2, 3, 4},
        new double[] {1, -1}), SPEC, CheckpointStore.blocksDir(tmp), BlockFiles.settings(conf));
    Path metrics = Files.writeString(dir.resolve("metrics-3.csv"), "iteration\n3");
    store.commit(new Checkpoint(tmp, new TrainerState(3, 0.1, true, 2.5, 1e-3, 7.0, 1L),
        List.of(file), Map.of("model", "smooth2"), "hash", Map.of(), 0, 0), metrics);
    assertTrue(Files.readString(dir.resolve("ck").resolve(CheckpointStore.name(3))
        .resolve(CheckpointStore.MANIFEST)).contains("\"family\" : \"smooth2\""));
    assertEquals("smooth2", store.read(store.committed().get(0)).family());
    // A manifest without the model setting (as this class writes) falls back to relu2.
    assertEquals("relu2", write(store, 4).family());
  }

  @Test
  void aManifestOf010WithoutTheKeyIsARelu2Run() throws Exception {
    Path saved = Path.of(CheckpointStoreTest.class.getResource(
        "/checkpoints/relu2-format1/checkpoints/checkpoint-000004").toURI());
    assertTrue(!Files.readString(saved.resolve(CheckpointStore.MANIFEST)).contains("family"));
    CheckpointStore store = new CheckpointStore(saved.getParent().toString(), conf);
    assertEquals("relu2", store.read(saved.toString()).family());
  }

  @Test
  void unfinishedWriteIsIgnoredAndClearedLater() throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("ck").toString(), conf);
    write(store, 10);
    store.begin(20); // a writer that died before its rename
    assertEquals(1, store.committed().size());
    assertTrue(store.committed().get(0).endsWith("checkpoint-000010"));
    write(store, 30);
    store.prune();
    assertEquals(List.of("checkpoint-000010", "checkpoint-000030"),
        names(dir.resolve("ck")));
  }

  @Test
  void pruneKeepsTheTwoNewest() throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("ck").toString(), conf);
    for (int t = 5; t <= 25; t += 5) {
      write(store, t);
      store.prune();
    }
    assertEquals(List.of("checkpoint-000020", "checkpoint-000025"), names(dir.resolve("ck")));
  }

  @Test
  void missingBlockFileMakesTheCheckpointDamaged() throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("ck").toString(), conf);
    write(store, 7);
    Path blocks = dir.resolve("ck/checkpoint-000007/blocks");
    Files.delete(blocks.resolve("block-00000.bin"));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> store.read(store.committed().get(0)));
    assertTrue(e.getMessage().contains("checkpoint-000007 is damaged: blocks/block-00000.bin "
        + "is missing"), e.getMessage());
    String aside = store.setAside(store.committed().get(0), "damaged");
    assertTrue(aside.contains("damaged-checkpoint-000007-"), aside);
    assertTrue(store.committed().isEmpty());
  }

  @Test
  void garbledManifestMakesTheCheckpointDamaged() throws IOException {
    CheckpointStore store = new CheckpointStore(dir.resolve("ck").toString(), conf);
    write(store, 3);
    Path manifest = dir.resolve("ck/checkpoint-000003/checkpoint.json");
    Files.delete(dir.resolve("ck/checkpoint-000003/.checkpoint.json.crc"));
    Files.writeString(manifest, "{\"format\": \"widenet-checkpoint\", \"format_");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> store.read(store.committed().get(0)));
    assertTrue(e.getMessage().contains("checkpoint-000003 is damaged: cannot read "
        + "checkpoint.json"), e.getMessage());
  }
}
