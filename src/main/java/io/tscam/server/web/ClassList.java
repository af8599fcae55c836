package io.tscam.server.web;

import io.tscam.server.localization.InvalidQueryException;
import java.util.ArrayList;
import java.util.List;

/** Parses the comma-separated {@code classes} parameter. */
final class ClassList {

  private ClassList() {}

  static List<Integer> parse(String text) {
    if (text == null || text.isBlank()) {
      return List.of();
    }
    List<Integer> indices = new ArrayList<>();
    for (String item : text.split(",")) {
      try {
        indices.add(Integer.parseInt(item.strip()));
      } catch (NumberFormatException e) {
        throw new InvalidQueryException(
            "classes",
            "parameter 'classes' must be comma-separated class indices, got '"
                + item.strip()
                + "'");
      }
    }
    return indices;
  }
}
