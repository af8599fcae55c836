package io.tscam.server.cam;

import java.util.Arrays;

/**
 * Attention rollout (Abnar and Zuidema, 2020), the documented alternative to the TS-CAM layer sum:
 * each layer's head-averaged attention plus the identity (the residual path), row-normalised, and
 * the product of those matrices over the layers, last layer first: R = M_L ... M_1. The map is the
 * class-token row of R over the patch columns, as pytorch-grad-cam's rollout computes it (without
 * its head-fusion variants, discard ratio or final rescaling; the box extraction min-max normalises
 * anyway).
 *
 * <p>Only row 0 of R is needed, so it is carried as a vector v = e0 M_L ... M_1 in O(L T^2) instead
 * of multiplying matrices. Needs whole matrices, in double throughout, rounded to float once.
 */
public final class RolloutFusion implements AttentionFusion {

  @Override
  public float[] classTokenMap(AttentionTensor attention) {
    if (!attention.hasFullMatrices()) {
      throw new IllegalArgumentException("attention rollout needs whole T x T attention matrices");
    }
    int tokens = attention.tokens();
    double[] classRow = new double[tokens];
    classRow[0] = 1.0;
    double[] next = new double[tokens];
    double[] headMeanRow = new double[tokens];
    for (int layer = attention.layers() - 1; layer >= 0; layer--) {
      Arrays.fill(next, 0.0);
      for (int i = 0; i < tokens; i++) {
        if (classRow[i] != 0.0) { // v starts as e0: at the last layer only row 0 contributes
          headMean(attention, layer, i, headMeanRow);
          accumulateResidualRow(classRow[i], i, headMeanRow, next);
        }
      }
      double[] swap = classRow;
      classRow = next;
      next = swap;
    }
    return LayerSumFusion.toFloats(Arrays.copyOfRange(classRow, 1, tokens));
  }

  @Override
  public boolean needsFullMatrices() {
    return true;
  }

  /** Row {@code row} of layer {@code layer}'s attention, averaged over heads. */
  private static void headMean(AttentionTensor attention, int layer, int row, double[] out) {
    float[] data = attention.data();
    Arrays.fill(out, 0.0);
    for (int head = 0; head < attention.heads(); head++) {
      int start = attention.rowStart(layer, head, row);
      for (int j = 0; j < out.length; j++) {
        out[j] += data[start + j];
      }
    }
    for (int j = 0; j < out.length; j++) {
      out[j] /= attention.heads();
    }
  }

  /** target += weight * normalised(attentionRow + e_row): one row of v times (A + I)/rowsum. */
  private static void accumulateResidualRow(
      double weight, int row, double[] attentionRow, double[] target) {
    double rowSum = 1.0;
    for (double value : attentionRow) {
      rowSum += value;
    }
    double scale = weight / rowSum;
    for (int j = 0; j < target.length; j++) {
      target[j] += scale * attentionRow[j];
    }
    target[row] += scale;
  }
}
