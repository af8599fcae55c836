package io.tscam.server.browser;

import io.tscam.server.testsupport.MultipartBody;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Plain HTTP calls to the running app: what the browser's answers are compared against. */
final class LocalizeApi {

  private static final JsonMapper JSON = new JsonMapper();

  private final String baseUrl;
  private final HttpClient http = HttpClient.newHttpClient();

  LocalizeApi(int port) {
    this.baseUrl = "http://localhost:" + port;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** POST /localize?{query} with the file as the `image` part; the body as JSON. */
  JsonNode json(Path image, String query) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = post(image, query, "application/json");
    return JSON.readTree(response.body());
  }

  /** The same with format=png: the overlay PNG, failing on any other status. */
  byte[] png(Path image, String query) throws IOException, InterruptedException {
    HttpResponse<byte[]> response = post(image, query + "&format=png", "image/png");
    if (response.statusCode() != 200) {
      throw new IllegalStateException("overlay request answered " + response.statusCode());
    }
    return response.body();
  }

  private HttpResponse<byte[]> post(Path image, String query, String accept)
      throws IOException, InterruptedException {
    HttpRequest request =
        new MultipartBody()
            .file(
                "image",
                image.getFileName().toString(),
                "application/octet-stream",
                Files.readAllBytes(image))
            .postBuilder(URI.create(baseUrl + "/localize?" + query))
            .header("Accept", accept + ", application/problem+json")
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
  }
}
