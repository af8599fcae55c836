package io.tscam.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.inference.ModelPackage;
import io.tscam.server.testsupport.PackageServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The app started from tscam.model.url (a tar.gz on a local HTTP server standing in for an object
 * store), with its SHA-256 pinned: GET /model says where the package came from, and that it is an
 * SCM package.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelFromUrlTest {

  private static final Path SMALL = Path.of("src/test/resources/models/small-scm");
  private static final PackageServer SERVER = new PackageServer();
  private static final String URL =
      SERVER.serve(
          "store/scm.tar.gz",
          PackageServer.tarGz(SMALL, "scm/", List.of("model.onnx", "model.json")));
  private static final String SHA256 = ModelPackage.open(SMALL).onnxSha256();
  private static Path cache;

  @LocalServerPort int port;

  @DynamicPropertySource
  static void modelFromUrl(DynamicPropertyRegistry registry) throws Exception {
    cache = Files.createTempDirectory("tscam-cache");
    registry.add("tscam.model.url", () -> URL);
    registry.add("tscam.model.cache-dir", cache::toString);
    registry.add("tscam.model.sha256", () -> SHA256);
  }

  @AfterAll
  static void stopServer() {
    SERVER.close();
  }

  @Test
  void getModelReportsTheUrlTheCacheAndTheChecksum() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/model")).build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = new JsonMapper().readTree(response.body());
    assertThat(body.get("name").asString()).isEqualTo("small-scm");
    assertThat(body.get("coupling").asString()).isEqualTo("scm");
    assertThat(body.at("/source/url").asString()).isEqualTo(URL);
    assertThat(body.at("/source/cacheFolder").asString()).isEqualTo(cache.toString());
    assertThat(body.at("/source/onnxSha256").asString()).isEqualTo(SHA256).hasSize(64);
  }
}
