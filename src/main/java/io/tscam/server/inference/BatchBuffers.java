package io.tscam.server.inference;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Direct buffers for one batch worker, sized for the largest batch and reused for every run: the
 * input is packed here and ONNX Runtime writes the outputs straight into them (pinned outputs), so
 * no per-request native allocation or whole-tensor copy happens. Not thread-safe: one per worker.
 */
final class BatchBuffers {

  private final ModelGeometry geometry;
  private final FloatBuffer input;
  private final FloatBuffer logits;
  private final FloatBuffer featureMaps;
  private final FloatBuffer attentions;

  BatchBuffers(ModelGeometry geometry, int maxBatch) {
    this.geometry = geometry;
    this.input = allocate((long) maxBatch * geometry.inputLength());
    this.logits = allocate((long) maxBatch * geometry.numClasses());
    this.featureMaps = allocate((long) maxBatch * geometry.featureMapLength());
    this.attentions = allocate((long) maxBatch * geometry.attentionLength());
  }

  /** Copies image {@code index}'s CHW data into the input buffer. */
  void putInput(int index, float[] chw) {
    input.put(index * geometry.inputLength(), chw);
  }

  FloatBuffer input(int batch) {
    return prefix(input, batch * geometry.inputLength());
  }

  FloatBuffer logits(int batch) {
    return prefix(logits, batch * geometry.numClasses());
  }

  FloatBuffer featureMaps(int batch) {
    return prefix(featureMaps, batch * geometry.featureMapLength());
  }

  FloatBuffer attentions(int batch) {
    return prefix(attentions, batch * geometry.attentionLength());
  }

  /** Copies one image's outputs (only the attention it needs) into plain arrays. */
  ImageOutputs extract(int index, AttentionReadout readout) {
    float[] imageLogits = copy(logits, index * geometry.numClasses(), geometry.numClasses());
    float[] maps =
        copy(featureMaps, index * geometry.featureMapLength(), geometry.featureMapLength());
    float[] attention =
        readout == AttentionReadout.FULL
            ? copy(attentions, index * geometry.attentionLength(), geometry.attentionLength())
            : classTokenRows(index);
    return new ImageOutputs(imageLogits, maps, attention, readout);
  }

  private float[] classTokenRows(int index) {
    int tokens = geometry.tokens();
    int matrices = geometry.layers() * geometry.heads();
    float[] rows = new float[matrices * tokens];
    int base = index * geometry.attentionLength();
    for (int m = 0; m < matrices; m++) {
      attentions.get(base + m * tokens * tokens, rows, m * tokens, tokens);
    }
    return rows;
  }

  private static float[] copy(FloatBuffer source, int offset, int length) {
    float[] values = new float[length];
    source.get(offset, values);
    return values;
  }

  private static FloatBuffer prefix(FloatBuffer buffer, int length) {
    return buffer.slice(0, length);
  }

  private static FloatBuffer allocate(long floats) {
    if (floats * Float.BYTES > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("batch buffers over 2 GiB: lower tscam.batching.max-size");
    }
    return ByteBuffer.allocateDirect((int) floats * Float.BYTES)
        .order(ByteOrder.nativeOrder())
        .asFloatBuffer();
  }
}
