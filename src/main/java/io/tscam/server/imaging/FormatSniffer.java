package io.tscam.server.imaging;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * Tells the format from the bytes themselves: a multipart part's content type is whatever the
 * client says, so it is never trusted.
 */
final class FormatSniffer {

  /** BMP only has a two-letter signature; a valid DIB header size makes text starting "BM" fail. */
  private static final Set<Integer> BMP_INFO_HEADER_SIZES =
      Set.of(12, 16, 40, 52, 56, 64, 108, 124);

  private static final Set<String> HEIF_BRANDS = Set.of("heic", "heix", "hevc", "mif1", "msf1");
  private static final Set<String> AVIF_BRANDS = Set.of("avif", "avis");

  /**
   * @throws UnsupportedImageFormatException naming the format when it is a known foreign one
   */
  ImageFormat sniff(byte[] data) {
    return recognise(data)
        .orElseThrow(() -> new UnsupportedImageFormatException(foreignFormat(data)));
  }

  /** The supported format these bytes start, if any. */
  static Optional<ImageFormat> recognise(byte[] data) {
    for (ImageFormat format : ImageFormat.values()) {
      if (format.hasSignature(data) && (format != ImageFormat.BMP || hasBmpInfoHeader(data))) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  private static boolean hasBmpInfoHeader(byte[] data) {
    return data.length >= 18 && BMP_INFO_HEADER_SIZES.contains(littleEndianInt(data, 14));
  }

  /** The formats clients send most often by mistake, named so the error message helps them. */
  private static String foreignFormat(byte[] data) {
    if (ascii(data, 0, 4).equals("RIFF") && ascii(data, 8, 4).equals("WEBP")) {
      return "WEBP";
    }
    if (ascii(data, 0, 4).equals("II*\0") || ascii(data, 0, 4).equals("MM\0*")) {
      return "TIFF";
    }
    if (ascii(data, 4, 4).equals("ftyp")) {
      String brand = ascii(data, 8, 4);
      if (HEIF_BRANDS.contains(brand)) {
        return "HEIF";
      }
      if (AVIF_BRANDS.contains(brand)) {
        return "AVIF";
      }
    }
    if (ascii(data, 4, 4).equals("jP  ")) {
      return "JPEG 2000";
    }
    return "unknown";
  }

  private static String ascii(byte[] data, int offset, int length) {
    if (data.length < offset + length) {
      return "";
    }
    return new String(Arrays.copyOfRange(data, offset, offset + length), US_ASCII);
  }

  private static int littleEndianInt(byte[] data, int offset) {
    return (data[offset] & 0xFF)
        | (data[offset + 1] & 0xFF) << 8
        | (data[offset + 2] & 0xFF) << 16
        | (data[offset + 3] & 0xFF) << 24;
  }
}
