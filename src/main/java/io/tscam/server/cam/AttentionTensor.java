package io.tscam.server.cam;

/**
 * One image's post-softmax attention of every layer, read in place from a (possibly batched) array:
 * layout [layers, heads, rows, tokens] starting at {@code offset}, where tokens T = 1 + h*w and
 * token 0 is the class token.
 *
 * <p>{@code rows} is T when whole T x T matrices are present, or 1 when only the class-token row of
 * each matrix was copied out (all the TS-CAM coupling needs). {@code heads} is 1 when the model
 * already averaged the heads ([L, T, T]). The array is shared, not copied: callers must not change
 * it while a fusion reads it.
 */
public record AttentionTensor(
    float[] data, int offset, int layers, int heads, int tokens, int rows) {

  public AttentionTensor {
    if (layers < 1 || heads < 1 || tokens < 2) {
      throw new IllegalArgumentException(
          "attention needs at least one layer and head and two tokens, got L="
              + layers
              + " heads="
              + heads
              + " T="
              + tokens);
    }
    if (rows != 1 && rows != tokens) {
      throw new IllegalArgumentException("rows must be 1 or T=" + tokens + ", got " + rows);
    }
    long needed = (long) offset + (long) layers * heads * rows * tokens;
    if (offset < 0 || needed > data.length) {
      throw new IllegalArgumentException(
          "attention array of "
              + data.length
              + " floats cannot hold ["
              + offset
              + ", "
              + needed
              + ")");
    }
  }

  /** Whole T x T matrices, as the ONNX graph outputs them. */
  public AttentionTensor(float[] data, int offset, int layers, int heads, int tokens) {
    this(data, offset, layers, heads, tokens, tokens);
  }

  /** Only the class-token row of each matrix: layout [layers, heads, 1, tokens]. */
  public static AttentionTensor classTokenRows(
      float[] data, int offset, int layers, int heads, int tokens) {
    return new AttentionTensor(data, offset, layers, heads, tokens, 1);
  }

  boolean hasFullMatrices() {
    return rows == tokens;
  }

  /** Patch tokens: the length of a class-agnostic map (h*w). */
  int patches() {
    return tokens - 1;
  }

  /** Index in {@link #data()} of element [layer, head, row, 0]. */
  int rowStart(int layer, int head, int row) {
    return offset + ((layer * heads + head) * rows + row) * tokens;
  }
}
