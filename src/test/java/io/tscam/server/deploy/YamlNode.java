package io.tscam.server.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/**
 * A read-only view of parsed YAML (or JSON, its subset) that walks nested maps without casts; a
 * missing key gives an empty node instead of an exception, so assertions can say what is missing.
 */
final class YamlNode {

  private final Object value;

  YamlNode(Object value) {
    this.value = value;
  }

  static YamlNode load(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new YamlNode(new Yaml().load(reader));
    }
  }

  /** All documents of a multi-document stream (helm template output), empty ones dropped. */
  static List<YamlNode> loadAll(String yaml) {
    List<YamlNode> documents = new ArrayList<>();
    for (Object document : new Yaml().loadAll(yaml)) {
      if (document != null) {
        documents.add(new YamlNode(document));
      }
    }
    return documents;
  }

  /** One key; use this when the key itself contains dots (nvidia.com/gpu). */
  YamlNode get(String key) {
    return value instanceof Map<?, ?> map ? new YamlNode(map.get(key)) : new YamlNode(null);
  }

  /** A dotted path of keys, e.g. "spec.template.spec". */
  YamlNode path(String dottedPath) {
    YamlNode node = this;
    for (String key : dottedPath.split("\\.")) {
      node = node.get(key);
    }
    return node;
  }

  boolean exists() {
    return value != null;
  }

  Object value() {
    return value;
  }

  String text() {
    return value == null ? null : value.toString();
  }

  String text(String fallback) {
    return value == null ? fallback : value.toString();
  }

  int integer() {
    return value instanceof Number number ? number.intValue() : Integer.parseInt(text());
  }

  List<YamlNode> items() {
    List<YamlNode> items = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(item -> items.add(new YamlNode(item)));
    }
    return items;
  }

  Map<String, YamlNode> entries() {
    Map<String, YamlNode> entries = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> entries.put(String.valueOf(k), new YamlNode(v)));
    }
    return entries;
  }

  /** The first list item whose key has the given value, e.g. the container named "app". */
  YamlNode itemWith(String key, String expected) {
    return items().stream()
        .filter(item -> expected.equals(item.get(key).text()))
        .findFirst()
        .orElse(new YamlNode(null));
  }

  @Override
  public String toString() {
    return String.valueOf(value);
  }
}
