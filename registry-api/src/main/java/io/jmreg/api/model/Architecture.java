package io.jmreg.api.model;

import io.jmreg.api.exceptions.ValidationException;

/**
 * Architecture figures of a network; every field is optional.
 *
 * @param name          architecture name (e.g. {@code llama}, {@code bert})
 * @param layers        number of layers
 * @param hiddenSize    hidden dimension
 * @param heads         attention heads
 * @param vocabSize     vocabulary size
 * @param contextLength maximum context length in tokens
 */
public record Architecture(String name, Integer layers, Integer hiddenSize, Integer heads, Integer vocabSize,
                           Integer contextLength) {
    /** Rejects negative counts. */
    public Architecture {
        for (Integer v : new Integer[] {layers, hiddenSize, heads, vocabSize, contextLength}) {
            if (v != null && v < 0) {
                throw new ValidationException("architecture figures must not be negative: " + v);
            }
        }
    }
}
