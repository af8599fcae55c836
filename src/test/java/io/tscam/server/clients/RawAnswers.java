package io.tscam.server.clients;

import io.tscam.server.testsupport.MultipartBody;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The app's answers as plain HTTP gets them, as JSON trees: what a generated client must read
 * without losing or inventing anything.
 */
final class RawAnswers {

  /** The demo page's Sneaker sample: a real picture that the shipped demo model localizes. */
  static final Path SAMPLE = Path.of("src/main/resources/static/samples/sneaker.png");

  /** A PNG signature and then nothing a decoder can read: answered with invalid-image (400). */
  static final byte[] UNDECODABLE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};

  private static final JsonMapper JSON = new JsonMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;

  RawAnswers(int port) {
    this.baseUrl = "http://localhost:" + port;
  }

  String baseUrl() {
    return baseUrl;
  }

  JsonNode description() {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + "/v3/api-docs")).build());
  }

  JsonNode model() {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + "/model")).build());
  }

  /** POST /localize?{query} with the sample, whatever the status. */
  JsonNode localize(String query) {
    return send(
        new MultipartBody()
            .file("image", "sneaker.png", "image/png", sample())
            .post(URI.create(baseUrl + "/localize?" + query)));
  }

  /** POST /localize/batch?{query} with the sample and then an undecodable file. */
  JsonNode batchOfSampleAndUndecodable(String query) {
    return send(
        new MultipartBody()
            .file("images", "sneaker.png", "image/png", sample())
            .file("images", "broken.png", "image/png", UNDECODABLE)
            .post(URI.create(baseUrl + "/localize/batch?" + query)));
  }

  static byte[] sample() {
    try {
      return Files.readAllBytes(SAMPLE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The tree without its null fields: a generated client reads a null as absent, so the two are
   * compared without them.
   */
  static JsonNode withoutNulls(JsonNode node) {
    if (node.isObject()) {
      ObjectNode copy = JSON.createObjectNode();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!field.getValue().isNull()) {
          copy.set(field.getKey(), withoutNulls(field.getValue()));
        }
      }
      return copy;
    }
    if (node.isArray()) {
      List<JsonNode> items = node.valueStream().map(RawAnswers::withoutNulls).toList();
      return JSON.createArrayNode().addAll(items);
    }
    return node;
  }

  /**
   * Equal JSON: the same fields and items, numbers equal by value. JavaScript writes the number 1.0
   * as {@code 1}, which Jackson reads as an integer.
   */
  static boolean sameJson(JsonNode a, JsonNode b) {
    return a.equals(RawAnswers::sameLeaf, b);
  }

  private static int sameLeaf(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    return a.equals(b) ? 0 : 1;
  }

  static JsonNode parse(String json) {
    return JSON.readTree(json);
  }

  private JsonNode send(HttpRequest request) {
    try {
      return JSON.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
