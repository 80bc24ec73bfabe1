/**
 * The peers of {@code widenet bench --peers}: the code a researcher would otherwise run on the
 * same data and shapes, timed in the same run and reported as extra rows of bench.csv and
 * bench.json. {@link org.widenet.bench.peers.MllibPeer} fits Spark MLlib's
 * MultilayerPerceptronClassifier with layers [d, m, 2]; {@link
 * org.widenet.bench.peers.NumpyPeer} runs the repository's benchmarks/numpy_peer.py, the relu2
 * GD step and Gram in one NumPy process; {@link org.widenet.bench.peers.PeerRows} turns both
 * into report rows and the comparison lines; {@link org.widenet.bench.peers.PeerRunner} runs
 * them for the relu2-gd and relu2-gram cases of a suite.
 */
package org.widenet.bench.peers;
