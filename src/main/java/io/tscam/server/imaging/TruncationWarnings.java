package io.tscam.server.imaging;

import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Watches an ImageIO reader for warnings that mean the data ended early. The JPEG reader decodes
 * whatever arrived, fills the rest and only warns; PIL refuses such a file ("image file is
 * truncated"), and so does the service rather than hand the model a half-gray image. Other warnings
 * (extraneous bytes, bogus APP segments) are tolerated, as PIL tolerates them.
 */
final class TruncationWarnings implements IIOReadWarningListener {

  private String firstTruncation;

  @Override
  public void warningOccurred(ImageReader source, String warning) {
    if (firstTruncation == null && meansTruncation(warning)) {
      firstTruncation = warning;
    }
  }

  /** libjpeg's wording, shared by the JDK's reader and libjpeg-turbo's TurboJPEG API. */
  static boolean meansTruncation(String warning) {
    String lower = warning.toLowerCase(Locale.ROOT);
    return lower.contains("truncated") || lower.contains("premature end");
  }

  Optional<String> truncation() {
    return Optional.ofNullable(firstTruncation);
  }
}
