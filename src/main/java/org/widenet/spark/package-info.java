/**
 * The Spark side of the block engine, for every model family: blocks in one persisted, named
 * RDD updated in place, the inputs broadcast once, one job per pass, shares merged in block-id
 * order, the log of updates replayed to rebuild lost blocks, block files and checkpoints that
 * clean up after themselves, Kryo registration of everything that crosses the wire, and the
 * Parquet model writer. No linear algebra here.
 */
package org.widenet.spark;
