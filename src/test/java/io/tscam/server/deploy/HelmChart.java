package io.tscam.server.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.Yaml;

/**
 * The chart driven through real Helm (helm-java embeds Helm's Go library): strict lint and template
 * rendering, with the chart's own values files.
 */
final class HelmChart {

  static final Path DIRECTORY = Path.of("helm/tscam-server");
  static final String RELEASE = "demo";
  static final String NAMESPACE = "vision";

  /** The oldest Kubernetes the chart supports (Chart.yaml kubeVersion). */
  static final String KUBE_VERSION = "1.25.0";

  private HelmChart() {}

  static Path values(String name) {
    return DIRECTORY.resolve("ci").resolve(name);
  }

  /** `helm template` with the default values plus the given values files. */
  static RenderedChart render(Path... valuesFiles) {
    TemplateCommand template = template();
    for (Path file : valuesFiles) {
      template = template.withValuesFile(file);
    }
    return new RenderedChart(YamlNode.loadAll(template.call()));
  }

  /** `helm template` with the default values and the given --set values. */
  static RenderedChart render(Map<String, Object> sets) {
    TemplateCommand template = template();
    sets.forEach(template::set);
    return new RenderedChart(YamlNode.loadAll(template.call()));
  }

  private static TemplateCommand template() {
    return new Helm(DIRECTORY)
        .template()
        .withName(RELEASE)
        .withNamespace(NAMESPACE)
        .withKubeVersion(KUBE_VERSION);
  }

  /** `helm template` that is expected to fail (the chart's own input validation). */
  static RuntimeException renderFailure(Map<String, Object> sets) {
    TemplateCommand template = template();
    sets.forEach(template::set);
    try {
      template.call();
    } catch (RuntimeException e) {
      return e;
    }
    throw new AssertionError("helm template succeeded with " + sets);
  }

  /**
   * `helm lint --strict` of the chart with a values file merged over its defaults. helm-java's lint
   * takes no values files, so the chart is copied and the merged values become its values.yaml.
   */
  static LintResult lintStrict(Path copyDirectory, Path... valuesFiles) throws IOException {
    copy(DIRECTORY, copyDirectory);
    Map<String, Object> values = load(DIRECTORY.resolve("values.yaml"));
    for (Path file : valuesFiles) {
      values = merge(values, load(file));
    }
    Files.writeString(copyDirectory.resolve("values.yaml"), new Yaml().dump(values));
    return new Helm(copyDirectory).lint().strict().call();
  }

  private static Map<String, Object> load(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return new Yaml().load(reader);
    }
  }

  /** Helm's coalescing: maps merge key by key, anything else (lists too) is replaced. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    override.forEach(
        (key, value) -> {
          Object current = merged.get(key);
          if (current instanceof Map<?, ?> currentMap && value instanceof Map<?, ?> valueMap) {
            merged.put(
                key, merge((Map<String, Object>) currentMap, (Map<String, Object>) valueMap));
          } else {
            merged.put(key, value);
          }
        });
    return merged;
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /** The objects of one rendering. */
  record RenderedChart(List<YamlNode> objects) {

    List<String> kinds() {
      return objects.stream().map(o -> o.get("kind").text()).sorted().toList();
    }

    YamlNode one(String kind) {
      List<YamlNode> matching =
          objects.stream().filter(o -> kind.equals(o.get("kind").text())).toList();
      if (matching.size() != 1) {
        throw new AssertionError("expected one " + kind + ", rendered " + kinds());
      }
      return matching.get(0);
    }

    YamlNode podSpec() {
      return one("Deployment").path("spec.template.spec");
    }

    /** The application container (the chart's only regular container). */
    YamlNode appContainer() {
      List<YamlNode> containers = podSpec().get("containers").items();
      if (containers.size() != 1) {
        throw new AssertionError("expected one container, rendered " + containers.size());
      }
      return containers.get(0);
    }

    /** The environment the application sees: the ConfigMap it loads plus explicit env entries. */
    Map<String, String> appEnvironment() {
      Map<String, String> env = new LinkedHashMap<>();
      one("ConfigMap").get("data").entries().forEach((k, v) -> env.put(k, v.text()));
      appContainer()
          .get("env")
          .items()
          .forEach(e -> env.put(e.get("name").text(), e.get("value").text()));
      return env;
    }
  }
}
