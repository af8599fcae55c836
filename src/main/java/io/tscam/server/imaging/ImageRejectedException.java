package io.tscam.server.imaging;

/**
 * Why uploaded bytes cannot become an image for the model. Always a fault of the input, never of
 * the server, so the web layer can map every subtype to a 4xx problem of its own kind.
 */
public abstract sealed class ImageRejectedException extends RuntimeException
    permits UnsupportedImageFormatException, UndecodableImageException, ImageTooLargeException {

  ImageRejectedException(String message) {
    super(message);
  }

  ImageRejectedException(String message, Throwable cause) {
    super(message, cause);
  }
}
