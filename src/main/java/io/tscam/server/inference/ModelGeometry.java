package io.tscam.server.inference;

/**
 * The shapes the service relies on, read from the ONNX graph and checked against model.json.
 *
 * @param heads attention heads per layer; 1 when the graph already averages over heads
 * @param tokens T = 1 + gridHeight * gridWidth; token 0 is the class token
 */
public record ModelGeometry(
    int inputHeight,
    int inputWidth,
    int numClasses,
    int gridHeight,
    int gridWidth,
    int layers,
    int heads,
    boolean headsAveraged,
    int tokens) {

  public int inputLength() {
    return 3 * inputHeight * inputWidth;
  }

  int featureMapLength() {
    return numClasses * gridHeight * gridWidth;
  }

  /** Floats of one image's attention tensor: L x heads x T x T. */
  int attentionLength() {
    return layers * heads * tokens * tokens;
  }
}
