package io.tscam.server.cam;

import java.util.BitSet;

/** A set of pixels of a raster, row-major. Immutable once built. */
public final class RegionMask {

  private final ImageSize size;
  private final BitSet pixels;

  RegionMask(ImageSize size, BitSet pixels) {
    this.size = size;
    this.pixels = pixels;
  }

  public ImageSize size() {
    return size;
  }

  public boolean contains(int x, int y) {
    return pixels.get(y * size.width() + x);
  }

  /** How many pixels the mask holds. */
  public int count() {
    return pixels.cardinality();
  }

  /**
   * This mask on a raster of another size, nearest neighbour: pixel (X, Y) takes the pixel its
   * centre falls in, {@code floor((X + 0.5) * width / targetWidth)}, so that a mask found in model
   * input space lands where {@link Box#toImage} puts its box (a straight resize, no aspect kept).
   */
  public RegionMask resized(ImageSize target) {
    int[] sourceX = nearest(size.width(), target.width());
    int[] sourceY = nearest(size.height(), target.height());
    BitSet resized = new BitSet(Math.toIntExact(target.pixels()));
    for (int y = 0; y < target.height(); y++) {
      int sourceRow = sourceY[y] * size.width();
      int row = y * target.width();
      for (int x = 0; x < target.width(); x++) {
        if (pixels.get(sourceRow + sourceX[x])) {
          resized.set(row + x);
        }
      }
    }
    return new RegionMask(target, resized);
  }

  private static int[] nearest(int source, int target) {
    int[] index = new int[target];
    for (int i = 0; i < target; i++) {
      index[i] = (int) Math.min(source - 1, ((2L * i + 1) * source) / (2L * target));
    }
    return index;
  }
}
