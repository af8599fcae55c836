package io.tscam.server.clients;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tscam.client.ApiClient;
import io.tscam.client.ApiException;
import io.tscam.client.model.ProblemDetail;
import java.io.UncheckedIOException;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * The Java client that the build generates from docs/openapi.json (openapi-generator, library
 * {@code native}: java.net.http and Jackson 2), set up as its user would: a base URL, optionally a
 * credential header on every request, and problems read from the failed call's body. Public for
 * tests of other modes: a refused JWT, for one, is {@code problemOf(client, refused)} of a call
 * through {@code withHeader(port, "Authorization", "Bearer " + token)}.
 */
public final class JavaClients {

  private JavaClients() {}

  public static ApiClient forPort(int port) {
    ApiClient client = new ApiClient();
    client.updateBaseUri("http://localhost:" + port);
    client.setReadTimeout(Duration.ofSeconds(60));
    return client;
  }

  /** A client that sends the header on every request: an API key, a bearer token. */
  public static ApiClient withHeader(int port, String name, String value) {
    ApiClient client = forPort(port);
    client.setRequestInterceptor(request -> request.header(name, value));
    return client;
  }

  /** The problem a refused call answered with, read as the generated model. */
  public static ProblemDetail problemOf(ApiClient client, ApiException refused) {
    try {
      return client.getObjectMapper().readValue(refused.getResponseBody(), ProblemDetail.class);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the client read, written back as JSON: to compare with the answer as sent. */
  static JsonNode asJson(ApiClient client, Object read) {
    try {
      return RawAnswers.parse(client.getObjectMapper().writeValueAsString(read));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
