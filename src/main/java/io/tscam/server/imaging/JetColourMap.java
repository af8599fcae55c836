package io.tscam.server.imaging;

/**
 * OpenCV's COLORMAP_JET (dark blue, blue, cyan, yellow, red, dark red) for levels 0..255, as
 * 0xRRGGBB. OpenCV interpolates a float table whose entries sit on half levels, so its rounding
 * goes either way; this closed form rounds half up and stays within one level of it everywhere.
 */
final class JetColourMap {

  private final int[] colours = new int[256];

  JetColourMap() {
    for (int level = 0; level < 256; level++) {
      colours[level] = ramp(level, 3) << 16 | ramp(level, 2) << 8 | ramp(level, 1);
    }
  }

  /**
   * 255 x clamp(1.5 - |4 v - centre|, 0, 1) with v = level / 255, rounded half up: each channel is
   * a trapezoid centred at a quarter of the range (blue 1, green 2, red 3).
   */
  private static int ramp(int level, int centreQuarter) {
    return Math.max(0, Math.min(255, 383 - Math.abs(4 * level - 255 * centreQuarter)));
  }

  int rgb(int level) {
    return colours[level];
  }
}
