package io.tscam.server.imaging;

/** The bytes are not one of the {@link ImageFormat}s, whatever the upload claimed to be. */
public final class UnsupportedImageFormatException extends ImageRejectedException {

  /**
   * @param detectedFormat the format recognised from the bytes (e.g. "WEBP"), or "unknown"
   */
  UnsupportedImageFormatException(String detectedFormat) {
    super(
        "Unsupported image format: "
            + detectedFormat
            + "; supported formats are "
            + ImageFormat.supported());
  }
}
