package io.tscam.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docker-compose.yml with Prometheus, Grafana and Jaeger: the files parse, and every port, path,
 * host name, mount and metric name agrees with the application and with the other files.
 */
class ComposeMonitoringTest {

  private static final Path DASHBOARD = Path.of("monitoring/grafana/dashboards/tscam-server.json");
  private static final Path PROMETHEUS_CONFIG = Path.of("monitoring/prometheus/prometheus.yml");
  private static final Path DATASOURCES =
      Path.of("monitoring/grafana/provisioning/datasources/prometheus.yml");
  private static final Path DASHBOARD_PROVIDERS =
      Path.of("monitoring/grafana/provisioning/dashboards/tscam.yml");
  private static final String APP_SERVICE = "tscam-server";
  private static final Pattern SAMPLE_URL = Pattern.compile("http://[\\w.-]+:\\d+/samples/\\S+");

  private static AppSettings app;
  private static YamlNode compose;

  @BeforeAll
  static void read() throws IOException {
    app = AppSettings.read();
    compose = YamlNode.load(Path.of("docker-compose.yml"));
  }

  @Test
  void runsTheServiceWithPrometheusGrafanaJaegerAndTraffic() {
    assertThat(compose.get("services").entries().keySet())
        .containsExactlyInAnyOrder(APP_SERVICE, "prometheus", "grafana", "jaeger", "traffic");
    YamlNode service = service(APP_SERVICE);
    assertThat(
            Path.of(service.path("build.context").text(), service.path("build.dockerfile").text()))
        .exists();
  }

  @Test
  void publishesTheServerPort() {
    assertThat(service(APP_SERVICE).get("ports").items())
        .extracting(YamlNode::text)
        .contains(app.serverPort() + ":" + app.serverPort());
  }

  @Test
  void setsOnlyEnvironmentVariablesThatBindToProperties() throws IOException {
    SpringProperties properties = SpringProperties.fromClasspath();
    for (String name : service(APP_SERVICE).get("environment").entries().keySet()) {
      assertThat(properties.boundBy(name)).as("%s binds to a property", name).isPresent();
    }
  }

  @Test
  void mountsOnlyFilesThatExist() {
    for (YamlNode service : compose.get("services").entries().values()) {
      for (YamlNode volume : service.get("volumes").items()) {
        String source = volume.text().split(":")[0];
        assertThat(Path.of(source)).as("bind mount source").exists();
      }
    }
  }

  @Test
  void prometheusScrapesTheActuatorEndpointOfTheService() throws IOException {
    YamlNode job = YamlNode.load(PROMETHEUS_CONFIG).get("scrape_configs").items().get(0);
    assertThat(job.get("metrics_path").text()).isEqualTo(app.prometheusPath());
    List<String> targets = new ArrayList<>();
    job.get("static_configs")
        .items()
        .forEach(c -> c.get("targets").items().forEach(t -> targets.add(t.text())));
    assertThat(targets).containsExactly(APP_SERVICE + ":" + app.managementPort());
    assertThat(mountTarget("prometheus", PROMETHEUS_CONFIG))
        .isEqualTo(commandFlag("prometheus", "--config.file"));
  }

  @Test
  void grafanaReadsThePrometheusServiceThroughTheDatasourceTheDashboardNames() throws IOException {
    YamlNode datasource = YamlNode.load(DATASOURCES).get("datasources").items().get(0);
    URI url = URI.create(datasource.get("url").text());
    assertThat(url.getHost()).isEqualTo("prometheus");
    assertThat(service("prometheus").get("ports").items())
        .extracting(YamlNode::text)
        .contains(url.getPort() + ":" + url.getPort());
    Set<String> uids = new TreeSet<>();
    for (JsonNode panel : dashboard().get("panels")) {
      uids.add(panel.at("/datasource/uid").asString());
      panel.get("targets").forEach(t -> uids.add(t.at("/datasource/uid").asString()));
    }
    assertThat(uids).containsExactly(datasource.get("uid").text());
  }

  @Test
  void grafanaProvisionsTheDashboardAndOpensOnIt() throws IOException {
    String providerPath =
        YamlNode.load(DASHBOARD_PROVIDERS)
            .get("providers")
            .items()
            .get(0)
            .path("options.path")
            .text();
    assertThat(mountTarget("grafana", DASHBOARD.getParent())).isEqualTo(providerPath);
    assertThat(mountTarget("grafana", Path.of("monitoring/grafana/provisioning")))
        .isEqualTo("/etc/grafana/provisioning");
    String home =
        service("grafana")
            .path("environment")
            .get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH")
            .text();
    assertThat(home).isEqualTo(providerPath + "/" + DASHBOARD.getFileName());
  }

  @Test
  void dashboardQueriesOnlyMetricsTheApplicationExports() throws IOException {
    MetricCatalog catalog = MetricCatalog.ofTheApplication();
    Set<String> used = new TreeSet<>();
    for (String expression : expressions()) {
      PromQlExpression promQl = new PromQlExpression(expression);
      assertThat(promQl.isBalanced()).as(expression).isTrue();
      assertThat(promQl.metricNames()).as(expression).isNotEmpty();
      for (String name : promQl.metricNames()) {
        assertThat(catalog.contains(name)).as("%s in %s", name, expression).isTrue();
        used.add(name);
      }
    }
    for (String family : MetricCatalog.families()) {
      assertThat(used).as("a panel shows %s", family).anyMatch(name -> name.startsWith(family));
    }
  }

  @Test
  void dashboardHasThePanelsOfTheRunbook() throws IOException {
    List<String> expressions = expressions();
    assertThat(expressions)
        .anyMatch(e -> e.contains("sum by (outcome) (rate(tscam_requests_total"));
    assertThat(expressions)
        .as("latency percentiles")
        .anyMatch(e -> e.startsWith("histogram_quantile(0.99,") && e.contains("_seconds_bucket"));
    for (JsonNode panel : dashboard().get("panels")) {
      assertThat(panel.get("title").asString()).isNotBlank();
      assertThat(panel.at("/gridPos/w").asInt()).isBetween(1, 24);
    }
  }

  @Test
  void theServiceTracesEveryRequestToJaegersOtlpHttpReceiver() {
    YamlNode environment = service(APP_SERVICE).get("environment");
    assertThat(environment.get("MANAGEMENT_TRACING_SAMPLING_PROBABILITY").text()).isEqualTo("1.0");
    URI endpoint =
        URI.create(environment.get("MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT").text());
    assertThat(endpoint.getHost()).isEqualTo("jaeger");
    assertThat(endpoint.getPath()).isEqualTo("/v1/traces");
    assertThat(service("jaeger").get("command").items())
        .extracting(YamlNode::text)
        .contains("--set=receivers.otlp.protocols.http.endpoint=0.0.0.0:" + endpoint.getPort());
    assertThat(service("jaeger").get("ports").items())
        .extracting(YamlNode::text)
        .contains("16686:16686");
  }

  @Test
  void trafficPostsADemoSampleThePageServes() {
    String script =
        String.join(
            "\n",
            service("traffic").get("entrypoint").items().stream().map(YamlNode::text).toList());
    Matcher sample = SAMPLE_URL.matcher(script);
    assertThat(sample.find()).isTrue();
    URI url = URI.create(sample.group());
    assertThat(url.getHost()).isEqualTo(APP_SERVICE);
    assertThat(url.getPort()).isEqualTo(app.serverPort());
    assertThat(Path.of("src/main/resources/static" + url.getPath())).exists();
    assertThat(script).contains("-F image=@").contains(":" + app.serverPort() + "/localize");
    assertThat(service("traffic").path("depends_on." + APP_SERVICE + ".condition").text())
        .isEqualTo("service_healthy");
  }

  private static YamlNode service(String name) {
    return compose.get("services").get(name);
  }

  /** Where a service mounts a repository path, e.g. /etc/prometheus/prometheus.yml. */
  private static String mountTarget(String serviceName, Path source) {
    return service(serviceName).get("volumes").items().stream()
        .map(v -> v.text().split(":"))
        .filter(parts -> Path.of(parts[0]).normalize().equals(source.normalize()))
        .map(parts -> parts[1])
        .findFirst()
        .orElseThrow(() -> new AssertionError(serviceName + " does not mount " + source));
  }

  private static String commandFlag(String serviceName, String flag) {
    return service(serviceName).get("command").items().stream()
        .map(YamlNode::text)
        .filter(arg -> arg.startsWith(flag + "="))
        .map(arg -> arg.substring(flag.length() + 1))
        .findFirst()
        .orElseThrow();
  }

  private static JsonNode dashboard() {
    return new JsonMapper().readTree(DASHBOARD.toFile());
  }

  private static List<String> expressions() {
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : dashboard().get("panels")) {
      panel.get("targets").forEach(t -> expressions.add(t.get("expr").asString()));
    }
    return expressions;
  }
}
