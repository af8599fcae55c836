package io.tscam.server.imaging;

import io.tscam.server.cam.ImageSize;
import java.util.Optional;

/**
 * Reads JPEGs with libjpeg-turbo: full-scale decodes are PIL's pixels exactly (the same library,
 * accurate integer IDCT, fancy upsampling); a large photo is scaled inside the IDCT by 1/2, 1/4 or
 * 1/8 (as {@link ReducedRead#dctDenominator} says), which skips most of the decoding work as well
 * as the memory. Thread-safe: every call opens its own TurboJPEG handle and frees it.
 */
final class TurboJpegRasters {

  private final TurboJpeg library;
  private final PixelLimit limit;

  TurboJpegRasters(TurboJpeg library, PixelLimit limit) {
    this.library = library;
    this.limit = limit;
  }

  /**
   * The decoded raster, or empty when TurboJPEG cannot read the header (the caller then lets
   * ImageIO try, which tells a corrupt file from one TurboJPEG only does not classify).
   */
  Optional<StoredImage> read(byte[] jpeg, ExifOrientation orientation, ReducedRead reduction) {
    try (TurboJpeg.Decompression decompression = library.open(jpeg)) {
      if (!decompression.readHeader()) {
        return Optional.empty();
      }
      ImageSize upright =
          orientation.upright(limit.check(decompression.width(), decompression.height()));
      return Optional.of(
          new StoredImage(decompression.decode(reduction.dctDenominator(upright)), upright));
    }
  }

  String description() {
    return library.description();
  }
}
