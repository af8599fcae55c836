package io.tscam.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.MultipartBody;
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
 * shutdown), new ones are refused (503 shutting-down where they still reach the app), nothing
 * accepted is dropped, and the process then exits.
 */
class GracefulShutdownTest {

  private static final int IN_FLIGHT = 12;
  private static final int LATE = 4;
  private static final int SIGTERM_EXIT_STATUS = 128 + 15;

  @Test
  void finishesAcceptedRequestsRefusesNewOnesAndExits() throws Exception {
    try (AppProcess app =
        AppProcess.start(
            "--tscam.model.dir=src/test/resources/models/tiny",
            "--server.port=0",
            // One upload decoded at a time: the 12 MP photos queue up behind each other.
            "--tscam.decoding.concurrency=1")) {
      int port = app.awaitReady(Duration.ofMinutes(2));
      byte[] image = SampleImages.jpeg(4000, 3000);

      List<CompletableFuture<HttpResponse<String>>> inFlight = uploads(port, image, IN_FLIGHT);
      CompletableFuture.anyOf(inFlight.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      assertThat(inFlight.stream().filter(upload -> !upload.isDone()).count())
          .as("uploads still in flight at SIGTERM")
          .isGreaterThanOrEqualTo(IN_FLIGHT / 2);
      app.terminate();
      Thread.sleep(500);
      List<CompletableFuture<HttpResponse<String>>> late =
          uploads(port, SampleImages.photo(64, 64), LATE);

      for (CompletableFuture<HttpResponse<String>> accepted : inFlight) {
        assertThat(accepted.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
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

  /**
   * Connection refused, or, if the server still answers while it drains, a 503 that says it is
   * shutting down (not that it is warming up or that its queue is full).
   */
  private static void assertRefused(CompletableFuture<HttpResponse<String>> response)
      throws InterruptedException {
    try {
      LocalizeClient.assertProblem(response.get(30, TimeUnit.SECONDS), 503, "shutting-down");
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(ConnectException.class);
    } catch (TimeoutException e) {
      throw new AssertionError("a request after SIGTERM was neither refused nor answered", e);
    }
  }
}
