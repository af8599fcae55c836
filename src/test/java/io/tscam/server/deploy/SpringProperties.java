package io.tscam.server.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every configuration property the application knows, from the spring-configuration-metadata.json
 * files on the classpath: the project's own (generated from the @ConfigurationProperties records at
 * compile time) and Spring Boot's. Used to prove that the environment variables the deployment
 * files set bind to a real property instead of being silently ignored.
 */
final class SpringProperties {

  private static final String METADATA = "META-INF/spring-configuration-metadata.json";

  /** A property: its name, Java type and documented default (null when none). */
  record Property(String name, String type, String defaultValue) {

    boolean isMap() {
      return type != null && type.startsWith("java.util.Map<");
    }
  }

  private final Map<String, Property> byName;

  private SpringProperties(Map<String, Property> byName) {
    this.byName = byName;
  }

  static SpringProperties fromClasspath() throws IOException {
    JsonMapper json = new JsonMapper();
    Map<String, Property> properties = new HashMap<>();
    for (URL url :
        Collections.list(SpringProperties.class.getClassLoader().getResources(METADATA))) {
      try (InputStream in = url.openStream()) {
        for (JsonNode node : json.readTree(in).path("properties")) {
          Property property =
              new Property(
                  node.get("name").asString(),
                  node.path("type").asString(null),
                  node.path("defaultValue").isValueNode()
                      ? node.get("defaultValue").asString()
                      : null);
          properties.put(property.name(), property);
        }
      }
    }
    return new SpringProperties(properties);
  }

  boolean contains(String propertyName) {
    return byName.containsKey(propertyName);
  }

  /**
   * The property an environment variable binds to under Spring's relaxed binding: dots become
   * underscores and dashes are dropped (TSCAM_BATCHING_MAXSIZE) or, the form documented for this
   * project, become underscores too (TSCAM_BATCHING_MAX_SIZE). A variable under a Map-typed
   * property (LOGGING_LEVEL_IO_TSCAM under logging.level) binds to that map.
   */
  Optional<Property> boundBy(String environmentVariable) {
    for (Property property : byName.values()) {
      String canonical = envName(property.name(), "");
      String dashesAsUnderscores = envName(property.name(), "_");
      if (environmentVariable.equals(canonical)
          || environmentVariable.equals(dashesAsUnderscores)) {
        return Optional.of(property);
      }
      if (property.isMap()
          && (environmentVariable.startsWith(canonical + "_")
              || environmentVariable.startsWith(dashesAsUnderscores + "_"))) {
        return Optional.of(property);
      }
    }
    return Optional.empty();
  }

  private static String envName(String propertyName, String dashReplacement) {
    return propertyName.replace(".", "_").replace("-", dashReplacement).toUpperCase(Locale.ROOT);
  }
}
