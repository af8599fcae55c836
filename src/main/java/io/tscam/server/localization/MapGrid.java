package io.tscam.server.localization;

/** A map on the model's token grid (h x w, row-major). */
public record MapGrid(int height, int width, float[] values) {

  /** Rows of the map, as JSON clients expect a 2-D array. */
  public float[][] rows() {
    float[][] rows = new float[height][];
    for (int y = 0; y < height; y++) {
      rows[y] = java.util.Arrays.copyOfRange(values, y * width, (y + 1) * width);
    }
    return rows;
  }
}
