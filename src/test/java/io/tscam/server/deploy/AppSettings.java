package io.tscam.server.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the application's own configuration (src/main/resources/application.yml) says about where it
 * listens: the API's port, the management port and the actuator paths it exposes. Deployment files
 * are checked against these, so a change on either side that breaks the other fails the build.
 */
final class AppSettings {

  private static final Path APPLICATION_YML = Path.of("src/main/resources/application.yml");

  private final YamlNode root;

  private AppSettings(YamlNode root) {
    this.root = root;
  }

  static AppSettings read() throws IOException {
    return new AppSettings(YamlNode.load(APPLICATION_YML));
  }

  int serverPort() {
    return root.path("server.port").exists() ? root.path("server.port").integer() : 8080;
  }

  /** Where the actuator listens (management.server.port); the API's port serves none of it. */
  int managementPort() {
    YamlNode port = root.path("management.server.port");
    if (!port.exists() || port.integer() == serverPort()) {
      throw new IllegalStateException("the actuator must have its own management.server.port");
    }
    return port.integer();
  }

  String actuatorBasePath() {
    return root.path("management.endpoints.web.base-path").text("/actuator");
  }

  /** The actuator endpoints exposed over HTTP (management.endpoints.web.exposure.include). */
  Set<String> exposedEndpoints() {
    YamlNode include = root.path("management.endpoints.web.exposure.include");
    Set<String> endpoints = new LinkedHashSet<>();
    if (!include.exists()) {
      endpoints.add("health");
    } else if (include.value() instanceof List<?>) {
      include.items().forEach(id -> endpoints.add(id.text().strip()));
    } else {
      for (String id : include.text().split(",")) {
        endpoints.add(id.strip());
      }
    }
    return endpoints;
  }

  String livenessPath() {
    requireProbes();
    return actuatorBasePath() + "/health/liveness";
  }

  String readinessPath() {
    requireProbes();
    return actuatorBasePath() + "/health/readiness";
  }

  String prometheusPath() {
    if (!exposedEndpoints().contains("prometheus")) {
      throw new IllegalStateException("the prometheus actuator endpoint is not exposed");
    }
    return actuatorBasePath() + "/prometheus";
  }

  /** Liveness and readiness groups exist only with probes enabled and health exposed. */
  private void requireProbes() {
    boolean probes =
        Boolean.TRUE.equals(root.path("management.endpoint.health.probes.enabled").value());
    if (!probes || !exposedEndpoints().contains("health")) {
      throw new IllegalStateException("health probes are not enabled and exposed");
    }
  }

  /**
   * The value application.yml gives a property, e.g. "20MB" for
   * spring.servlet.multipart.max-file-size.
   */
  Optional<String> configuredValue(String propertyName) {
    return Optional.ofNullable(root.path(propertyName).text());
  }

  /** Every HTTP path the deployment files may legitimately point at. */
  List<String> deploymentPaths() {
    return List.of(livenessPath(), readinessPath(), prometheusPath());
  }
}
