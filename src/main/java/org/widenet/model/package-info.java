/**
 * What a network is: the model families (their activation and output scale), the
 * initialization that makes neuron r's weights a function of (seed, r) alone, the layout
 * of neurons into blocks, and the {@link org.widenet.model.NeuronBlock} that one task owns.
 * No Spark here; the numeric work is delegated to {@link org.widenet.math}.
 */
package org.widenet.model;
