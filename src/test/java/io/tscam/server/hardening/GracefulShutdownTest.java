package io.tscam.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while requests are being served: those already accepted finish with 200 (graceful
 * shutdown), new ones are refused, nothing accepted is dropped, and the process then exits.
 */
class GracefulShutdownTest {

  private static final int IN_FLIGHT = 12;
  private static final int LATE = 4;
  private static final int SIGTERM_EXIT_STATUS = 128 + 15;

  /** Long enough that the in-flight requests are still waiting for their batch at SIGTERM. */
  private static final Duration BATCH_DELAY = Duration.ofSeconds(4);

  @Test
  void finishesAcceptedRequestsRefusesNewOnesAndExits() throws Exception {
    try (AppProcess app =
        AppProcess.start(
            "--tscam.model.dir=src/test/resources/models/tiny",
            "--server.port=0",
            "--tscam.batching.max-size=64",
            "--tscam.batching.max-delay=" + BATCH_DELAY.toMillis() + "ms")) {
      int port = app.awaitReady(Duration.ofMinutes(2));
      byte[] image = SampleImages.photo(64, 64);

      List<CompletableFuture<HttpResponse<String>>> inFlight = uploads(port, image, IN_FLIGHT);
      Thread.sleep(BATCH_DELAY.toMillis() / 2);
      assertThat(inFlight).noneMatch(CompletableFuture::isDone);
      app.terminate();
      Thread.sleep(500);
      List<CompletableFuture<HttpResponse<String>>> late = uploads(port, image, LATE);

      for (CompletableFuture<HttpResponse<String>> accepted : inFlight) {
        assertThat(accepted.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
      }
      for (CompletableFuture<HttpResponse<String>> refused : late) {
        assertRefused(refused);
      }
      assertThat(app.awaitExit(Duration.ofSeconds(30))).isEqualTo(SIGTERM_EXIT_STATUS);
      assertThat(app.output())
          .anyMatch(line -> line.contains("Graceful shutdown complete"))
          .noneMatch(line -> line.contains("A fatal error has been detected"));
    }
  }

  /** Each upload on its own connection, as separate clients would send them. */
  private static List<CompletableFuture<HttpResponse<String>>> uploads(
      int port, byte[] image, int count) {
    LocalizeClient client = new LocalizeClient(port);
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      responses.add(
          HttpClient.newHttpClient()
              .sendAsync(
                  new MultipartBody()
                      .file("image", "a.png", "image/png", image)
                      .post(client.localize("")),
                  HttpResponse.BodyHandlers.ofString()));
    }
    return responses;
  }

  /** Connection refused, or a 503 if the server still answers while it drains. */
  private static void assertRefused(CompletableFuture<HttpResponse<String>> response)
      throws InterruptedException {
    try {
      assertThat(response.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ConnectException.class);
    } catch (TimeoutException e) {
      throw new AssertionError("a request after SIGTERM was neither refused nor answered", e);
    }
  }
}
