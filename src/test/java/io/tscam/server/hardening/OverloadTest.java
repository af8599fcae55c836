package io.tscam.server.hardening;

import static io.tscam.server.hardening.LocalizeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.inference.InferenceQueue;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Many more simultaneous clients than the inference queue holds: the excess is refused at once with
 * 503 and Retry-After (never another status, never a dropped connection), what was accepted is
 * answered, the metrics count every refusal, and the app serves normally right after.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tscam.model.dir=src/test/resources/models/tiny",
      "tscam.batching.max-size=1",
      "tscam.batching.queue-capacity=" + OverloadTest.QUEUE_CAPACITY,
      "tscam.inference.intra-op-threads=1"
    })
class OverloadTest {

  static final int QUEUE_CAPACITY = 2;
  private static final int CLIENTS = 64;
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired InferenceQueue queue;
  private LocalizeClient client;

  @BeforeEach
  void connect() {
    client = new LocalizeClient(port);
  }

  @Test
  void refusesTheExcessWithRetryAfterAndRecovers() throws Exception {
    double refusedBefore = unavailableCount();

    List<HttpResponse<String>> responses = flood(CLIENTS, SampleImages.photo(224, 224));

    List<Integer> statuses = responses.stream().map(HttpResponse::statusCode).toList();
    assertThat(statuses).containsOnly(200, 503).contains(200, 503);
    for (HttpResponse<String> response : responses) {
      if (response.statusCode() == 503) {
        LocalizeClient.assertProblem(response, 503, "overloaded");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      } else {
        assertThat(json(response).get("predictions")).isNotEmpty();
      }
    }
    long refused = statuses.stream().filter(status -> status == 503).count();
    assertThat(unavailableCount() - refusedBefore).isEqualTo(refused);
    client.assertStillServes();
  }

  @Test
  void refusesBeforeDecodingWhileTheQueueIsFull() throws Exception {
    byte[] undecodable = SampleImages.randomBehind(PNG_SIGNATURE, 64 * 1024, 3);

    List<HttpResponse<String>> responses =
        flood(CLIENTS, SampleImages.photo(224, 224), undecodable);

    List<Integer> undecodableStatuses =
        responses.subList(CLIENTS, 2 * CLIENTS).stream().map(HttpResponse::statusCode).toList();
    // A 503 for bytes that cannot be decoded shows the refusal came first: a request the queue
    // has no room for costs no decoding, which would take CPU from the requests being served.
    assertThat(undecodableStatuses).containsOnly(400, 503).contains(503);
    client.assertStillServes();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"multipart/form-data; boundary=none", "image/jpeg"})
  void refusesBeforeReadingTheUploadWhileTheQueueIsFull(String contentType) throws Exception {
    List<InferenceQueue.Arrival> filling = new ArrayList<>();
    try {
      for (int i = 0; i < QUEUE_CAPACITY; i++) {
        filling.add(queue.expectArrival());
      }
      double refusedBefore = unavailableCount();
      // A 503 for a body that is not an upload at all (no multipart, no image) shows it was never
      // read: an upload the queue has no room for costs no parsing, buffering or decoding.
      HttpResponse<String> refused = client.uploadRaw("", new byte[256 * 1024], contentType);

      LocalizeClient.assertProblem(refused, 503, "overloaded");
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(unavailableCount() - refusedBefore).isEqualTo(1);
    } finally {
      filling.forEach(InferenceQueue.Arrival::close);
    }
    client.assertStillServes();
  }

  /** All clients wait at a latch and then upload at the same moment, each upload once. */
  private List<HttpResponse<String>> flood(int clients, byte[]... uploads) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(clients * uploads.length);
    try {
      List<Future<HttpResponse<String>>> pending = new ArrayList<>();
      for (byte[] image : uploads) {
        for (int i = 0; i < clients; i++) {
          Callable<HttpResponse<String>> upload =
              () -> {
                start.await();
                return new LocalizeClient(port).upload(image, "image/png");
              };
          pending.add(pool.submit(upload));
        }
      }
      start.countDown();
      List<HttpResponse<String>> responses = new ArrayList<>();
      for (Future<HttpResponse<String>> response : pending) {
        responses.add(response.get(60, TimeUnit.SECONDS));
      }
      return responses;
    } finally {
      pool.shutdownNow();
    }
  }

  private double unavailableCount() {
    return new LocalizeClient(managementPort)
        .counter("tscam_requests_total", "outcome=\"unavailable\"");
  }
}
