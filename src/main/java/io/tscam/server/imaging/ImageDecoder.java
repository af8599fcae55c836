package io.tscam.server.imaging;

import java.awt.image.BufferedImage;
import java.util.Optional;

/**
 * Uploaded bytes to an upright 8-bit sRGB image, or a precise {@link ImageRejectedException}.
 *
 * <p>The format comes from the magic bytes; the raster size from the header, checked against the
 * pixel limit before any pixel is decoded; JPEG EXIF orientation is applied; pixels follow PIL's
 * {@code convert("RGB")} (see {@link RgbConverter}). JPEGs are decoded with libjpeg-turbo where the
 * system has it ({@link TurboJpegRasters}), otherwise with ImageIO like the other formats ({@link
 * ImageIoRasters}). Thread-safe.
 */
public final class ImageDecoder {

  /**
   * Comfortably above a 24 MP camera photo, far below what would strain the heap. The same as the
   * default of {@code tscam.limits.max-pixels}, which is what the service decodes with; this
   * constant is for the decoders that tests and benchmarks build themselves.
   */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

  private static final String IMAGE_IO = "ImageIO";

  private final FormatSniffer sniffer = new FormatSniffer();
  private final RgbConverter converter = new RgbConverter();
  private final ImageIoRasters imageIo;
  private final Optional<TurboJpegRasters> turboJpeg;

  private ImageDecoder(long maxPixels, Optional<TurboJpeg> turboJpeg) {
    PixelLimit limit = new PixelLimit(maxPixels);
    this.imageIo = new ImageIoRasters(limit);
    this.turboJpeg = turboJpeg.map(library -> new TurboJpegRasters(library, limit));
  }

  /** Decodes JPEGs with the system's libjpeg-turbo, or with ImageIO where it is missing. */
  public ImageDecoder(long maxPixels) {
    this(maxPixels, TurboJpeg.system());
  }

  /**
   * Decodes JPEGs with ImageIO, as where libjpeg-turbo is not installed. The service never asks for
   * this (it takes {@link #ImageDecoder(long)}); public so that the fallback can be tested and
   * benchmarked (ImageDecoderTest, bench.DecodeBenchmark, bench.FidelityCheck) on a machine that
   * has the library.
   */
  public static ImageDecoder withImageIoOnly(long maxPixels) {
    return new ImageDecoder(maxPixels, Optional.empty());
  }

  /** What decodes JPEGs: libjpeg-turbo (and its TurboJPEG API version) or ImageIO. */
  public String jpegDecoder() {
    return turboJpeg.map(TurboJpegRasters::description).orElse(IMAGE_IO);
  }

  /**
   * Decodes, reading a large source at a reduced scale as {@code reduction} says. {@link
   * DecodedImage#width()} and {@link DecodedImage#height()} stay the source's.
   */
  public DecodedImage decode(byte[] data, ReducedRead reduction) {
    if (data.length == 0) {
      throw new UndecodableImageException("The upload is empty");
    }
    ImageFormat format = sniffer.sniff(data);
    ExifOrientation orientation = ExifOrientation.UPRIGHT;
    StoredImage stored;
    if (format == ImageFormat.JPEG) {
      JpegSegments segments = JpegSegments.parse(data);
      orientation = segments.orientation();
      stored = readJpeg(data, segments, orientation, reduction);
    } else {
      stored = imageIo.read(format, data, orientation, reduction);
    }
    BufferedImage pixels = orientation.upright(converter.toRgb(stored.pixels()));
    return new DecodedImage(pixels, stored.upright().width(), stored.upright().height(), format);
  }

  /** libjpeg-turbo never applies colour profiles; ImageIO would, so it gets the JPEG without. */
  private StoredImage readJpeg(
      byte[] data, JpegSegments segments, ExifOrientation orientation, ReducedRead reduction) {
    return turboJpeg
        .flatMap(turbo -> turbo.read(data, orientation, reduction))
        .orElseGet(
            () ->
                imageIo.read(
                    ImageFormat.JPEG, segments.withoutColourProfile(), orientation, reduction));
  }
}
