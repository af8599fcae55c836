package io.tscam.server.cam;

import java.util.Arrays;

/**
 * The TS-CAM reference fusion: mean over heads, sum over layers, class-token row over the patch
 * columns. Reads only row 0 of each matrix, so it works on class-token rows alone.
 *
 * <p>Accumulates in double in the order numpy does (heads in order, divided by the head count, then
 * layers in order) and rounds to float once, so the result equals the Python reference.
 */
public final class LayerSumFusion implements AttentionFusion {

  @Override
  public float[] classTokenMap(AttentionTensor attention) {
    float[] data = attention.data();
    int patches = attention.patches();
    double[] layerSum = new double[patches];
    double[] headSum = new double[patches];
    for (int layer = 0; layer < attention.layers(); layer++) {
      Arrays.fill(headSum, 0.0);
      for (int head = 0; head < attention.heads(); head++) {
        int patchStart = attention.rowStart(layer, head, 0) + 1;
        for (int j = 0; j < patches; j++) {
          headSum[j] += data[patchStart + j];
        }
      }
      for (int j = 0; j < patches; j++) {
        layerSum[j] += headSum[j] / attention.heads();
      }
    }
    return toFloats(layerSum);
  }

  @Override
  public boolean needsFullMatrices() {
    return false;
  }

  static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }
}
