package org.widenet.experiment.teacher;

import java.util.SplittableRandom;

/**
 * A student trained in the driver: {@link TwoLayerNet} with the squared loss, mini-batch SGD
 * with a seeded shuffle (the shuffle's seed is the student's seed, so two students of one seed
 * see the same batches). Width 1000 on a few thousand images fits one machine easily; the
 * smooth2 family trains the same network with its neurons spread over Spark partitions.
 */
public final class DriverStudent implements StudentTrainer {
  private final int width;
  private final int epochs;
  private final int batch;
  private final double lr;

  public DriverStudent(int width, int epochs, int batch, double lr) {
    this.width = width;
    this.epochs = epochs;
    this.batch = batch;
    this.lr = lr;
  }

  @Override
  public Result train(ClassData train, ClassData test, double omega1, double omega2,
      long seed) {
    long start = System.nanoTime();
    TwoLayerNet net = TwoLayerNet.init(train.d(), width, train.k(), omega1, omega2, seed);
    SplittableRandom shuffle = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double loss = Double.NaN;
    for (int e = 0; e < epochs; e++) {
      loss = net.epoch(train.x(), train.labels(), train.n(), batch, lr, Loss.SQUARED, shuffle);
      if (!Double.isFinite(loss)) {
        break;
      }
    }
    return new Result(net.error(train.x(), train.labels(), train.n()),
        net.error(test.x(), test.labels(), test.n()), loss, (System.nanoTime() - start) / 1e9);
  }
}
