package io.tscam.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.MultipartBody;
import io.tscam.server.testsupport.ServedAsShipped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The running application (demo model) answers every path the Dockerfile, compose file and chart
 * point at (on the management port), and after one request its scrape contains every series the
 * Grafana dashboard queries: the static checks of the other deployment tests, confirmed against the
 * real thing.
 */
@ServedAsShipped
class DeploymentPathsLiveTest {

  private static final Path DASHBOARD = Path.of("monitoring/grafana/dashboards/tscam-server.json");
  private static final Pattern SERIES = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");

  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @Test
  void answersEveryHealthAndMetricsPathTheDeploymentUses() throws Exception {
    for (String path : AppSettings.read().deploymentPaths()) {
      HttpResponse<String> response = get(managementPort, path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
    }
    assertThat(get(managementPort, AppSettings.read().readinessPath()).body()).contains("\"UP\"");
  }

  @Test
  void servesTheDemoPageItsSamplesAndSwaggerUi() throws Exception {
    assertThat(get("/").body()).contains("<title>TS-CAM Server</title>");
    for (String asset : new String[] {"/demo.js", "/demo.css", "/samples/sneaker.png"}) {
      assertThat(get(asset).statusCode()).as(asset).isEqualTo(200);
    }
    assertThat(get("/swagger-ui.html").statusCode()).isBetween(200, 399);
    assertThat(get("/v3/api-docs").body()).contains("/localize");
  }

  @Test
  void exportsEverySeriesTheDashboardQueries() throws Exception {
    HttpResponse<String> localized = postSample();
    assertThat(localized.statusCode()).as(localized.body()).isEqualTo(200);
    Set<String> scraped = new TreeSet<>();
    Matcher series =
        SERIES.matcher(get(managementPort, AppSettings.read().prometheusPath()).body());
    while (series.find()) {
      scraped.add(series.group(1));
    }
    JsonNode dashboard = new JsonMapper().readTree(DASHBOARD.toFile());
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        for (String name : new PromQlExpression(target.get("expr").asString()).metricNames()) {
          assertThat(scraped).as("scrape has %s", name).contains(name);
        }
      }
    }
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return get(port, path);
  }

  private HttpResponse<String> get(int onPort, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + onPort + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> postSample() throws IOException, InterruptedException {
    byte[] image = Files.readAllBytes(Path.of("src/main/resources/static/samples/sneaker.png"));
    return http.send(
        new MultipartBody()
            .file("image", "sneaker.png", "image/png", image)
            .post(URI.create("http://localhost:" + port + "/localize")),
        HttpResponse.BodyHandlers.ofString());
  }
}
