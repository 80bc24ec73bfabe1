package org.widenet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.widenet.data.Dataset;
import org.widenet.model.BlockLayout;
import org.widenet.model.BlockPartial;
import org.widenet.model.BlockStepper;
import org.widenet.model.DenseInputs;
import org.widenet.model.NetworkSpec;
import org.widenet.model.NeuronBlock;
import org.widenet.model.NumericalFaultException;
import org.widenet.model.Pass;
import org.widenet.model.Step;
import org.widenet.testutil.Problems;

/** The in-place holder against the copying {@link BlockStepper#advance} (its reference twin). */
class BlockHolderTest {
  private static final Dataset DATA = Problems.sphere(9, 4, "random", 3);
  private static final DenseInputs IN = new DenseInputs(DATA.x(), DATA.n(), DATA.d());

  private static BlockPartial advance(BlockHolder h, int to, Step step, NetworkSpec spec,
      boolean gram) {
    return (BlockPartial) h.advance(to, step, spec, IN, Pass.of(gram));
  }

  private static NeuronBlock block(BlockHolder h) {
    return (NeuronBlock) h.block();
  }

  private static Step randomStep(Random random, double coef) {
    double[] s = new double[DATA.n()];
    for (int i = 0; i < s.length; i++) {
      s[i] = random.nextGaussian();
    }
    return new Step(s, coef);
  }

  private static BlockHolder loaded(BlockSource.Seed seed) {
    BlockHolder h = BlockHolder.empty(1);
    assertEquals(-1, h.version(), "an empty holder holds no block");
    assertEquals(0, h.load(seed, IN));
    return h;
  }

  @Test
  void inPlaceStepsMatchTheCopyingStepperBitForBitInOneArray() {
    for (NetworkSpec spec : List.of(Problems.relu2(70, 2), Problems.exp2(70, 2, false))) {
      BlockSource.Seed seed = new BlockSource.Seed(spec, BlockLayout.of(spec, 3));
      BlockHolder h = loaded(seed);
      double[] weights = block(h).weights();
      NeuronBlock reference = (NeuronBlock) seed.load(1, IN);
      Random random = new Random(5);
      for (int t = 1; t <= 4; t++) {
        Step step = randomStep(random, 0.01);
        boolean gram = t % 2 == 0;
        reference = BlockStepper.advance(reference, spec, DATA.x(), DATA.n(), step, gram);
        BlockPartial p = advance(h, t, step, spec, gram);
        assertArrayEquals(reference.weights(), block(h).weights(), spec + " step " + t);
        assertArrayEquals(reference.partial().u(), p.u(), spec + " outputs " + t);
        if (gram) {
          assertArrayEquals(reference.partial().gram(), p.gram(), spec + " Gram " + t);
        }
        assertSame(weights, block(h).weights(), "the weights are updated in place");
      }
      assertEquals(4, h.version());
    }
  }

  @Test
  void aTaskRunAgainReturnsTheSamePartialWithoutStepping() {
    NetworkSpec spec = Problems.relu2(40, 3);
    BlockHolder h = loaded(new BlockSource.Seed(spec, BlockLayout.of(spec, 2)));
    Step step = randomStep(new Random(1), 0.05);
    BlockPartial first = advance(h, 1, step, spec, false);
    double[] after = block(h).weights().clone();
    BlockPartial again = advance(h, 1, step, spec, true);
    assertArrayEquals(after, block(h).weights(), "the step is not applied twice");
    assertArrayEquals(first.u(), again.u());
    assertEquals(DATA.n() * (DATA.n() + 1) / 2, again.gram().length, "Gram added on request");
    BlockPartial withoutGram = advance(h, 1, step, spec, false);
    assertEquals(null, withoutGram.gram(), "no Gram when none was asked for");
  }

  @Test
  void aBlockBehindTheDriverIsReportedNotTrained() {
    NetworkSpec spec = Problems.relu2(40, 3);
    BlockHolder h = loaded(new BlockSource.Seed(spec, BlockLayout.of(spec, 2)));
    Step step = randomStep(new Random(1), 0.05);
    StaleBlockException e = assertThrows(StaleBlockException.class,
        () -> advance(h, 3, step, spec, false));
    assertEquals("neuron block 1 holds 0 steps, the driver 3", e.getMessage());
    assertThrows(StaleBlockException.class, () -> h.at(2));
    assertEquals(0, h.version(), "nothing was applied");
  }

  /**
   * A step that overflows exp2 fails half-way and leaves the holder dirty; catching up rebuilds
   * it from the seed and replays the logged steps to the same weights as the copying stepper.
   */
  @Test
  void aHalfUpdatedBlockIsRebuiltFromTheSourceAndReplayed() {
    NetworkSpec spec = Problems.exp2(60, 4, false);
    BlockSource.Seed seed = new BlockSource.Seed(spec, BlockLayout.of(spec, 3));
    BlockHolder h = loaded(seed);
    Random random = new Random(9);
    List<Step> log = List.of(randomStep(random, 0.01), randomStep(random, 0.01));
    NeuronBlock reference = (NeuronBlock) seed.load(1, IN);
    for (int t = 0; t < log.size(); t++) {
      advance(h, t + 1, log.get(t), spec, false);
      reference = BlockStepper.advance(reference, spec, DATA.x(), DATA.n(), log.get(t), false);
    }
    Step overflowing = randomStep(random, 1e6);
    assertThrows(NumericalFaultException.class,
        () -> advance(h, 3, overflowing, spec, false));
    assertThrows(StaleBlockException.class, () -> h.at(2), "dirty after the failed step");
    assertEquals(2, h.catchUp(2, seed, 0, log, spec, IN, true), "steps replayed");
    assertArrayEquals(reference.weights(), ((NeuronBlock) h.at(2)).weights());
    assertEquals(0, h.catchUp(2, seed, 0, log, spec, IN, true), "up to date");
  }

  @Test
  void stepsNoLongerKeptAreNamed() {
    NetworkSpec spec = Problems.relu2(40, 3);
    BlockSource.Seed seed = new BlockSource.Seed(spec, BlockLayout.of(spec, 2));
    BlockHolder h = BlockHolder.empty(1);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> h.catchUp(5, seed, 3, List.of(randomStep(new Random(2), 0.1)), spec, IN, true));
    assertEquals(true, e.getMessage().contains("--checkpoint-dir"), e.getMessage());
  }

  @Test
  void theStepLogDropsItsOldestStepsPastItsLimit() {
    StepLog log = new StepLog(4, 8L * DATA.n() * 2);
    Random random = new Random(3);
    for (int k = 0; k < 5; k++) {
      log.append(randomStep(random, 1));
    }
    assertEquals(7, log.start(), "two steps of n doubles fit");
    assertEquals(9, log.end());
    assertEquals(2, log.steps().size());
    log.restartAt(9);
    assertEquals(9, log.start());
    assertEquals(0, log.steps().size());
  }

  /**
   * A copy of a holder (as a task on another executor, or a read from disk, gets) may be read
   * but not stepped: the step would be lost with the copy.
   */
  @Test
  void aCopyOfTheHolderCanBeReadButNotStepped() {
    NetworkSpec spec = Problems.relu2(40, 3);
    BlockSource.Seed seed = new BlockSource.Seed(spec, BlockLayout.of(spec, 2));
    BlockHolder original = loaded(seed);
    org.apache.spark.SparkConf conf = new org.apache.spark.SparkConf();
    SparkSessions.applyDefaults(conf);
    org.apache.spark.serializer.SerializerInstance kryo =
        new org.apache.spark.serializer.KryoSerializer(conf).newInstance();
    BlockHolder copy = kryo.deserialize(kryo.serialize(original,
        scala.reflect.ClassTag$.MODULE$.apply(BlockHolder.class)),
        scala.reflect.ClassTag$.MODULE$.apply(BlockHolder.class));
    assertArrayEquals(((NeuronBlock) original.at(0)).weights(), ((NeuronBlock) copy.at(0)).weights(), "readable");
    Step step = randomStep(new Random(4), 0.05);
    assertThrows(MisplacedBlockException.class,
        () -> advance(copy, 1, step, spec, false));
    assertThrows(MisplacedBlockException.class,
        () -> copy.catchUp(1, seed, 0, List.of(step), spec, IN, true));
    assertEquals(1, copy.catchUp(1, seed, 0, List.of(step), spec, IN, false),
        "a copy may be brought forward for reading");
    advance(original, 1, step, spec, false);
    assertArrayEquals(((NeuronBlock) original.at(1)).weights(), ((NeuronBlock) copy.at(1)).weights());
  }
}
