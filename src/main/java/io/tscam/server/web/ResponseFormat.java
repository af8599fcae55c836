package io.tscam.server.web;

import java.util.List;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/** What POST /localize answers with. */
public enum ResponseFormat {
  JSON,
  PNG;

  /** The explicit format parameter wins; otherwise PNG only when the client prefers it. */
  static ResponseFormat resolve(ResponseFormat requested, String acceptHeader) {
    if (requested != null) {
      return requested;
    }
    return prefersPng(acceptHeader) ? PNG : JSON;
  }

  /**
   * PNG when the best quality the client gives an image type beats the one it gives JSON; the
   * catch-all type counts for neither, so plain clients keep getting JSON.
   */
  private static boolean prefersPng(String acceptHeader) {
    if (acceptHeader == null || acceptHeader.isBlank()) {
      return false;
    }
    try {
      List<MediaType> accepted = MediaType.parseMediaTypes(acceptHeader);
      return bestQuality(accepted, MediaType.IMAGE_PNG)
          > bestQuality(accepted, MediaType.APPLICATION_JSON);
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }

  private static double bestQuality(List<MediaType> accepted, MediaType wanted) {
    return accepted.stream()
        .filter(type -> !type.isWildcardType() && type.isCompatibleWith(wanted))
        .mapToDouble(MediaType::getQualityValue)
        .max()
        .orElse(0);
  }
}
