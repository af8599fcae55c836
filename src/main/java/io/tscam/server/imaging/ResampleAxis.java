package io.tscam.server.imaging;

/**
 * One axis of Pillow's resampling (Pillow 9.4, libImaging/Resample.c, {@code precompute_coeffs} and
 * {@code normalize_coeffs_8bpc}) for its BILINEAR filter: for every output position, the span of
 * inputs it reads and their weights in fixed point. Reproduced operation for operation, in the same
 * double arithmetic, because the service must match PIL's resize bit for bit.
 */
final class ResampleAxis {

  /** Pillow's fixed-point precision for 8-bit images: 22 fractional bits. */
  static final int PRECISION_BITS = 32 - 8 - 2;

  private static final double BILINEAR_SUPPORT = 1.0;

  private final int taps;
  private final int[] first;
  private final int[] count;
  private final int[] weights;

  private ResampleAxis(int taps, int[] first, int[] count, int[] weights) {
    this.taps = taps;
    this.first = first;
    this.count = count;
    this.weights = weights;
  }

  /**
   * A triangle filter whose support widens with the downscale factor, so downscaling averages every
   * input pixel (antialiasing) instead of sampling two.
   */
  static ResampleAxis bilinear(int inSize, int outSize) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = BILINEAR_SUPPORT * filterScale;
    int taps = (int) Math.ceil(support) * 2 + 1;
    int[] first = new int[outSize];
    int[] count = new int[outSize];
    int[] weights = new int[outSize * taps];
    double[] kernel = new double[taps];
    for (int out = 0; out < outSize; out++) {
      double center = (out + 0.5) * scale;
      double inverseScale = 1.0 / filterScale;
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), inSize) - min;
      double total = 0.0;
      for (int x = 0; x < max; x++) {
        kernel[x] = triangle((x + min - center + 0.5) * inverseScale);
        total += kernel[x];
      }
      for (int x = 0; x < max; x++) {
        double normalised = total != 0.0 ? kernel[x] / total : kernel[x];
        weights[out * taps + x] = toFixedPoint(normalised);
      }
      first[out] = min;
      count[out] = max;
    }
    return new ResampleAxis(taps, first, count, weights);
  }

  private static double triangle(double x) {
    double distance = Math.abs(x);
    return distance < 1.0 ? 1.0 - distance : 0.0;
  }

  private static int toFixedPoint(double weight) {
    double scaled = weight * (1 << PRECISION_BITS);
    return (int) (weight < 0 ? scaled - 0.5 : scaled + 0.5);
  }

  /** Pillow's rounding and clamping of an accumulated fixed-point sum back to 0..255. */
  static int clip8(int accumulated) {
    int value = accumulated >> PRECISION_BITS;
    return value < 0 ? 0 : Math.min(value, 255);
  }

  /** Half of one in fixed point: every sum starts here so the final shift rounds. */
  static int roundingBias() {
    return 1 << (PRECISION_BITS - 1);
  }

  int first(int out) {
    return first[out];
  }

  int count(int out) {
    return count[out];
  }

  int weight(int out, int tap) {
    return weights[out * taps + tap];
  }

  /** The first input any output reads (rows above it need no horizontal pass). */
  int firstUsed() {
    return first[0];
  }

  /** One past the last input any output reads. */
  int endUsed() {
    int last = first.length - 1;
    return first[last] + count[last];
  }
}
