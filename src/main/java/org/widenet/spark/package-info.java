/**
 * The Spark side of the block engine: neuron blocks in a persisted, named RDD, the training
 * inputs broadcast once, one job per iteration, partials reduced in block-id order,
 * checkpoints that cut lineage and clean up after themselves, Kryo registration of everything
 * that crosses the wire, and the Parquet model writer. No linear algebra here.
 */
package org.widenet.spark;
