package io.tscam.server.imaging;

/** Blending of 0xRRGGBB pixels packed in ints, the overlay's working format. */
final class PackedRgb {

  /** Weights are in 1/256ths: FULL_WEIGHT means all of one pixel. */
  static final int FULL_WEIGHT = 1 << 8;

  private static final int RED_BLUE = 0xFF00FF;
  private static final int GREEN = 0x00FF00;

  private PackedRgb() {}

  /**
   * {@code first * (1 - w) + second * w} per channel, truncated. Red and blue share one multiply:
   * 8-bit lanes 16 bits apart cannot overflow into each other.
   */
  static int mix(int first, int second, int weightOfSecond) {
    int weightOfFirst = FULL_WEIGHT - weightOfSecond;
    int redBlue = (first & RED_BLUE) * weightOfFirst + (second & RED_BLUE) * weightOfSecond;
    int green = (first & GREEN) * weightOfFirst + (second & GREEN) * weightOfSecond;
    return (redBlue >>> 8 & RED_BLUE) | (green >>> 8 & GREEN);
  }
}
