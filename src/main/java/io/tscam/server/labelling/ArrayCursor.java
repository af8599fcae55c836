package io.tscam.server.labelling;

import java.nio.file.Path;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;

/**
 * Reads one top-level array of a JSON file element by element, so that a part of a million images
 * is merged without holding it. Also reads a single top-level value the same way.
 */
final class ArrayCursor implements AutoCloseable {

  private final JsonParser parser;
  private JsonNode head;

  private ArrayCursor(JsonParser parser) {
    this.parser = parser;
    this.head = read();
  }

  /** A cursor on the array under a top-level key; empty when the file has no such key. */
  static ArrayCursor open(Path file, String key) {
    JsonParser parser = CocoJson.MAPPER.createParser(file);
    if (!seek(parser, key) || parser.currentToken() != JsonToken.START_ARRAY) {
      parser.close();
      return new ArrayCursor(null);
    }
    return new ArrayCursor(parser);
  }

  /** The value under a top-level key, or null when there is none. */
  static JsonNode value(Path file, String key) {
    try (JsonParser parser = CocoJson.MAPPER.createParser(file)) {
      return seek(parser, key) ? CocoJson.MAPPER.readTree(parser) : null;
    }
  }

  /** Moves the parser onto the value of a top-level key, skipping the values before it. */
  private static boolean seek(JsonParser parser, String key) {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      return false;
    }
    for (JsonToken token = parser.nextToken();
        token == JsonToken.PROPERTY_NAME;
        token = parser.nextToken()) {
      String name = parser.currentName();
      parser.nextToken();
      if (name.equals(key)) {
        return true;
      }
      parser.skipChildren();
    }
    return false;
  }

  private JsonNode read() {
    if (parser == null || parser.nextToken() != JsonToken.START_OBJECT) {
      return null;
    }
    return CocoJson.MAPPER.readTree(parser);
  }

  /** The next element without taking it; null at the end. */
  JsonNode peek() {
    return head;
  }

  /** Takes the next element; null at the end. */
  JsonNode next() {
    JsonNode taken = head;
    if (taken != null) {
      head = read();
    }
    return taken;
  }

  @Override
  public void close() {
    if (parser != null) {
      parser.close();
    }
  }
}
