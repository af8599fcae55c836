package io.tscam.server.inference;

/**
 * One image's raw model outputs, copied out of the session into plain arrays.
 *
 * @param logits [C]
 * @param featureMaps [C, h, w]
 * @param attention [L, heads, 1, T] for {@link AttentionReadout#CLASS_TOKEN_ROWS}, [L, heads, T, T]
 *     for {@link AttentionReadout#FULL}
 */
public record ImageOutputs(
    float[] logits, float[] featureMaps, float[] attention, AttentionReadout readout) {}
