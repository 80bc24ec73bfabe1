/**
 * NTK analysis on the driver: which analytic kernel describes a model family, what Arora et
 * al. (2019) predict from its spectrum (the residual curve of Theorem 4.1, the complexity
 * measure of Theorem 5.1), and how a trained network scores on held-out data. Builds on
 * {@link org.widenet.math} and {@link org.widenet.model}; no Spark here.
 */
package org.widenet.analysis;
