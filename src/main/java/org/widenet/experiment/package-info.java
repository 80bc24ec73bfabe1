/**
 * Reproductions of the papers' experiments, run end to end on Spark: they train networks
 * through the same engines as {@code widenet train}, analyse kernels as {@code widenet ntk}
 * does, and write CSV files, PNG figures and a self-contained HTML report. Surface floor: may
 * use every package below it.
 */
package org.widenet.experiment;
