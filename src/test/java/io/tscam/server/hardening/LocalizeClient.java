package io.tscam.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.MultipartBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Talks to a running server over real HTTP, the way a client on the network would. */
final class LocalizeClient {

  private static final JsonMapper JSON = new JsonMapper();
  private static final String PROBLEM_PREFIX = "urn:tscam:problem:";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final Map<String, String> headers;

  LocalizeClient(int port) {
    this(port, Map.of());
  }

  private LocalizeClient(int port, Map<String, String> headers) {
    this.base = "http://localhost:" + port;
    this.headers = headers;
  }

  /** The same client sending one more header with every request, e.g. its credentials. */
  LocalizeClient with(String header, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(header, value);
    return new LocalizeClient(URI.create(base).getPort(), Map.copyOf(more));
  }

  URI uri(String path) {
    return URI.create(base + path);
  }

  /** Uploads one image as the {@code image} part, claiming the given part content type. */
  HttpResponse<String> upload(byte[] image, String partType) {
    return upload("", image, partType);
  }

  HttpResponse<String> upload(String query, byte[] image, String partType) {
    return send(new MultipartBody().file("image", "upload", partType, image).post(localize(query)));
  }

  /** Sends the image as the whole body, with the given Content-Type (no multipart). */
  HttpResponse<String> uploadRaw(String query, byte[] image, String contentType) {
    return send(
        HttpRequest.newBuilder(localize(query))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(image))
            .build());
  }

  URI localize(String query) {
    return uri("/localize" + (query.isEmpty() ? "" : "?" + query));
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).build());
  }

  HttpResponse<String> send(HttpRequest request) {
    HttpRequest.Builder withHeaders = HttpRequest.newBuilder(request, (name, value) -> true);
    headers.forEach(withHeaders::header);
    try {
      return http.send(withHeaders.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The sum of a Prometheus metric's series (counter or gauge) whose labels contain {@code label},
   * as this client's port (the management port) publishes it; 0 when there is none.
   */
  double counter(String name, String label) {
    return get("/actuator/prometheus")
        .body()
        .lines()
        .filter(line -> line.startsWith(name + "{") && line.contains(label))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** After whatever came before, an ordinary upload is still answered with classes and boxes. */
  void assertStillServes() {
    HttpResponse<String> response = upload(SampleImages.photo(96, 64), "image/png");
    assertThat(response.statusCode()).as("a good request right after").isEqualTo(200);
    assertThat(json(response).at("/image/width").asInt()).isEqualTo(96);
  }

  static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }

  /** A problem detail of the given kind and status, with nothing of the server's insides. */
  static void assertProblem(HttpResponse<String> response, int status, String kind) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode body = json(response);
    assertThat(body.get("type").asString()).isEqualTo(PROBLEM_PREFIX + kind);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertNoInternals(response.body());
  }

  /** No stack trace, exception class or server version ever reaches a client. */
  static void assertNoInternals(String body) {
    assertThat(body).doesNotContain("Exception", "\tat ", "trace", "Tomcat", "springframework");
  }
}
