package io.tscam.server.cam;

/**
 * Bilinear upsampling of a float map, bit for bit as OpenCV 4.6 {@code cv2.resize(map, (W, H))}
 * (INTER_LINEAR, float32) computes it, so the uint8 map and the boxes built on it match the
 * official evaluation exactly.
 *
 * <p>OpenCV's generic resize: source coordinate fx = (float)((dx + 0.5) * scale - 0.5) with scale =
 * 1 / (dst / src) in double; sx = floor(fx), fx -= sx in float; weights (1 - fx, fx). A horizontal
 * pass per source row, D = S[sx]*a0 + S[sx+1]*a1, then a vertical pass, D = row0*b0 + row1*b1, both
 * in float with no fused multiply-add. At the left edge it clamps to sx = 0, fx = 0; past the last
 * column it copies S[w-1]. Vertically it only clamps the row indices and keeps the weights, so the
 * first rows are row0*(1-fy) + row0*fy, which can differ from row0 in the last bit.
 *
 * <p>Immutable and thread-safe; the tables depend only on the two sizes. Downsampling is not
 * supported: OpenCV switches to other algorithms there (INTER_AREA for exact halving).
 */
final class BilinearUpsampler {

  private final int sourceWidth;
  private final int sourceHeight;
  private final ImageSize target;
  private final int[] columnIndex;
  private final float[] columnWeight0;
  private final float[] columnWeight1;
  // Columns from here on copy the last source column (OpenCV's xmax).
  private final int firstCopiedColumn;
  private final int[] rowIndex0;
  private final int[] rowIndex1;
  private final float[] rowWeight0;
  private final float[] rowWeight1;

  BilinearUpsampler(int sourceHeight, int sourceWidth, ImageSize target) {
    if (sourceWidth < 1 || sourceHeight < 1) {
      throw new IllegalArgumentException("empty source map");
    }
    if (target.width() < sourceWidth || target.height() < sourceHeight) {
      throw new IllegalArgumentException(
          "only upsampling is supported: "
              + sourceWidth
              + " x "
              + sourceHeight
              + " -> "
              + target.width()
              + " x "
              + target.height());
    }
    this.sourceWidth = sourceWidth;
    this.sourceHeight = sourceHeight;
    this.target = target;
    this.columnIndex = new int[target.width()];
    this.columnWeight0 = new float[target.width()];
    this.columnWeight1 = new float[target.width()];
    this.firstCopiedColumn = buildColumns();
    this.rowIndex0 = new int[target.height()];
    this.rowIndex1 = new int[target.height()];
    this.rowWeight0 = new float[target.height()];
    this.rowWeight1 = new float[target.height()];
    buildRows();
  }

  /** Upsamples a row-major sourceHeight x sourceWidth map to a new row-major target-size array. */
  float[] upsample(float[] source) {
    if (source.length != sourceWidth * sourceHeight) {
      throw new IllegalArgumentException(
          "expected " + sourceWidth * sourceHeight + " values, got " + source.length);
    }
    if (sourceWidth == target.width() && sourceHeight == target.height()) {
      return source.clone(); // cv::resize copies when the size does not change
    }
    int width = target.width();
    float[] rows = new float[sourceHeight * width];
    for (int sy = 0; sy < sourceHeight; sy++) {
      horizontalPass(source, sy * sourceWidth, rows, sy * width);
    }
    float[] out = new float[Math.toIntExact(target.pixels())];
    for (int dy = 0; dy < target.height(); dy++) {
      int row0 = rowIndex0[dy] * width;
      int row1 = rowIndex1[dy] * width;
      float b0 = rowWeight0[dy];
      float b1 = rowWeight1[dy];
      int base = dy * width;
      for (int dx = 0; dx < width; dx++) {
        out[base + dx] = rows[row0 + dx] * b0 + rows[row1 + dx] * b1;
      }
    }
    return out;
  }

  private void horizontalPass(float[] source, int sourceStart, float[] rows, int rowStart) {
    for (int dx = 0; dx < firstCopiedColumn; dx++) {
      int sx = sourceStart + columnIndex[dx];
      rows[rowStart + dx] = source[sx] * columnWeight0[dx] + source[sx + 1] * columnWeight1[dx];
    }
    for (int dx = firstCopiedColumn; dx < target.width(); dx++) {
      rows[rowStart + dx] = source[sourceStart + columnIndex[dx]];
    }
  }

  private int buildColumns() {
    double scale = 1.0 / ((double) target.width() / sourceWidth);
    int firstCopied = target.width();
    for (int dx = 0; dx < target.width(); dx++) {
      float fx = (float) ((dx + 0.5) * scale - 0.5);
      int sx = (int) Math.floor(fx);
      fx -= sx;
      if (sx < 0) {
        fx = 0;
        sx = 0;
      }
      if (sx + 1 >= sourceWidth) {
        firstCopied = Math.min(firstCopied, dx);
        if (sx >= sourceWidth - 1) {
          fx = 0;
          sx = sourceWidth - 1;
        }
      }
      columnIndex[dx] = sx;
      columnWeight0[dx] = 1.0f - fx;
      columnWeight1[dx] = fx;
    }
    return firstCopied;
  }

  private void buildRows() {
    double scale = 1.0 / ((double) target.height() / sourceHeight);
    for (int dy = 0; dy < target.height(); dy++) {
      float fy = (float) ((dy + 0.5) * scale - 0.5);
      int sy = (int) Math.floor(fy);
      fy -= sy;
      rowIndex0[dy] = clampRow(sy);
      rowIndex1[dy] = clampRow(sy + 1);
      rowWeight0[dy] = 1.0f - fy;
      rowWeight1[dy] = fy;
    }
  }

  private int clampRow(int sy) {
    return Math.max(0, Math.min(sourceHeight - 1, sy));
  }
}
