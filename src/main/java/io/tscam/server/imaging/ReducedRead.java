package io.tscam.server.imaging;

import io.tscam.server.cam.ImageSize;

/**
 * When a source is large enough to be read at a reduced scale, and how far: a source at least
 * {@code from} on both sides is read down to no less than {@code keep} per side, a JPEG by scaling
 * inside libjpeg's IDCT (1/2, 1/4 or 1/8), other formats with ImageIO source subsampling (every
 * n-th pixel, n the same on both axes). Smaller sources are decoded exactly.
 *
 * @param from the smallest source, per side, that is reduced
 * @param keep the least a reduced read keeps, per side
 * @param keepLongSide the least a reduced read keeps on its longer side (0: no such bound)
 */
public record ReducedRead(ImageSize from, ImageSize keep, int keepLongSide) {

  /**
   * An overlay read may fall this much short of the overlay's longer side; the overlay scaler
   * stretches the rest, so the overlay keeps its size. Product decision (issue 12): a phone's 4032
   * px side at libjpeg's 1/4 is 1008 px, 1.6% under the default 1024; reading it at 1/2 instead
   * (2016 px) costs the PNG answer a decode four times the pixels for detail the overlay throws
   * away. 2% admits exactly that case and no coarser one.
   */
  static final double OVERLAY_SHORTFALL = 0.02;

  /**
   * A reduced read keeps at least this many model inputs per side, so the exact (antialiased)
   * resize to the input still has real detail to average.
   */
  private static final int MIN_INPUTS_PER_SIDE = 2;

  /**
   * The service reads photos at a reduced scale only from this side up; everything smaller takes
   * the exact, PIL-identical path. A fixed size rather than a multiple of the input: small model
   * inputs (the demo model takes 56 px) must not push ordinary images such as CUB's ~500x375 off
   * that path.
   */
  private static final int MIN_REDUCED_SIDE = 2048;

  /** libjpeg's IDCT scales down to 1/8 at most: one pixel per 8x8 block. */
  private static final int MAX_DCT_DENOMINATOR = 8;

  /** Every source decoded exactly: the baseline reduced reads are measured against. */
  public static final ReducedRead NONE =
      new ReducedRead(
          new ImageSize(Integer.MAX_VALUE, Integer.MAX_VALUE),
          new ImageSize(Integer.MAX_VALUE, Integer.MAX_VALUE));

  /** A read bounded per side only. */
  public ReducedRead(ImageSize from, ImageSize keep) {
    this(from, keep, 0);
  }

  /** The service's read for a model input: large photos down to two inputs per side. */
  public static ReducedRead forModel(ImageSize input) {
    return forInput(input).startingFrom(MIN_REDUCED_SIDE);
  }

  /**
   * The service's read for a PNG overlay drawn at most {@code maxSide} on its longer side: the
   * model input comes from the same pixels, so the read keeps enough for both, the overlay's side
   * less {@link #OVERLAY_SHORTFALL}.
   */
  public static ReducedRead forOverlay(ImageSize input, int maxSide) {
    ImageSize model = forInput(input).keep();
    int longSide = (int) Math.ceil(maxSide * (1 - OVERLAY_SHORTFALL));
    return new ReducedRead(model, model, longSide).startingFrom(MIN_REDUCED_SIDE);
  }

  /** For a model input: sources from 4 inputs per side are read down to no less than 2. */
  static ReducedRead forInput(ImageSize input) {
    ImageSize keep = scaled(input, MIN_INPUTS_PER_SIDE);
    return new ReducedRead(scaled(keep, 2), keep);
  }

  /** The same reduced read, applied only to sources of at least {@code side} on both sides. */
  private ReducedRead startingFrom(int side) {
    return new ReducedRead(
        new ImageSize(Math.max(from.width(), side), Math.max(from.height(), side)),
        keep,
        keepLongSide);
  }

  /** The subsampling step for an upright source of this size: 1 means an exact read. */
  int subsampling(ImageSize source) {
    if (source.width() < from.width() || source.height() < from.height()) {
      return 1;
    }
    int step = Math.min(source.width() / keep.width(), source.height() / keep.height());
    if (keepLongSide > 0) {
      step = Math.min(step, Math.max(source.width(), source.height()) / keepLongSide);
    }
    return Math.max(1, step);
  }

  /**
   * The JPEG scale 1/n for an upright source of this size: the smallest of libjpeg's 1/2, 1/4 and
   * 1/8 that still keeps {@code keep} on both sides and {@code keepLongSide} on the longer one
   * (sides round up, as libjpeg's do); 1 means an exact read.
   */
  int dctDenominator(ImageSize source) {
    if (source.width() < from.width() || source.height() < from.height()) {
      return 1;
    }
    for (int denominator = MAX_DCT_DENOMINATOR; denominator > 1; denominator /= 2) {
      int width = ceilDiv(source.width(), denominator);
      int height = ceilDiv(source.height(), denominator);
      if (width >= keep.width()
          && height >= keep.height()
          && Math.max(width, height) >= keepLongSide) {
        return denominator;
      }
    }
    return 1;
  }

  private static int ceilDiv(int size, int denominator) {
    return (size + denominator - 1) / denominator;
  }

  private static ImageSize scaled(ImageSize size, int factor) {
    return new ImageSize(size.width() * factor, size.height() * factor);
  }
}
