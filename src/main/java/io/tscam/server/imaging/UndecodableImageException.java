package io.tscam.server.imaging;

/** The bytes announce a supported format but are truncated, corrupt or otherwise unreadable. */
public final class UndecodableImageException extends ImageRejectedException {

  UndecodableImageException(String message) {
    super(message);
  }

  UndecodableImageException(String message, Throwable cause) {
    super(message, cause);
  }
}
