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

  private static boolean prefersPng(String acceptHeader) {
    if (acceptHeader == null || acceptHeader.isBlank()) {
      return false;
    }
    try {
      List<MediaType> accepted = MediaType.parseMediaTypes(acceptHeader);
      MediaType.sortBySpecificityAndQuality(accepted);
      return accepted.stream()
          .filter(type -> type.isCompatibleWith(MediaType.IMAGE_PNG)
              || type.isCompatibleWith(MediaType.APPLICATION_JSON))
          .findFirst()
          .map(type -> type.getType().equals("image"))
          .orElse(false);
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }
}
