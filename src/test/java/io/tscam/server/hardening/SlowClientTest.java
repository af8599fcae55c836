package io.tscam.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.MultipartBody;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Slow clients over real sockets (issue 23): 80 uploads that send one byte a second hold no place
 * in the inference queue (8 places here, so they once took them all and everyone else got 503),
 * while ordinary requests keep getting 200 and a slow but steady upload (3 MB at 256 KB/s, a 2
 * Mbit/s mobile uplink) is answered; at the body deadline the trickling ones are answered 408 or
 * closed, counted, and every upload slot is free again. The deadline is 14 s here so that the
 * steady upload (12 s) fits; the shipped 30 s is in application.yml.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tscam.model.dir=src/test/resources/models/tiny",
      "tscam.batching.queue-capacity=8",
      "tscam.inference.intra-op-threads=1",
      "tscam.upload.body-timeout=" + SlowClientTest.BODY_TIMEOUT_SECONDS + "s",
      "server.tomcat.connection-timeout=" + SlowClientTest.CONNECTION_TIMEOUT_SECONDS + "s",
      "spring.servlet.multipart.max-file-size=4MB",
      "spring.servlet.multipart.max-request-size=5MB"
    })
class SlowClientTest {

  static final int BODY_TIMEOUT_SECONDS = 14;
  static final int CONNECTION_TIMEOUT_SECONDS = 3;
  private static final int TRICKLING = 80;
  private static final int STEADY_BYTES = 3 * 1024 * 1024;
  private static final int STEADY_BYTES_PER_SECOND = 256 * 1024;
  private static final int STEADY_CHUNK = 16 * 1024;
  private static final byte[] ONE_BYTE = {'x'};

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @Test
  void tricklingUploadsHoldNoPlaceAndAreCutOffAtTheDeadline() throws Exception {
    LocalizeClient metrics = new LocalizeClient(managementPort);
    double timeoutsBefore = metrics.counter("tscam_upload_timeouts_total", "");
    List<PacedUpload> trickling = startTrickling();
    Thread trickle = daemon("trickle", () -> trickle(trickling));
    trickle.start();

    CompletableFuture<PacedUpload.Answer> steady =
        CompletableFuture.supplyAsync(() -> uploadSteadily(noisePng(1024, 1024)));
    List<Integer> ordinary = new ArrayList<>();
    LocalizeClient client = new LocalizeClient(port);
    while (!steady.isDone()) {
      ordinary.add(client.upload(SampleImages.photo(96, 64), "image/png").statusCode());
      TimeUnit.MILLISECONDS.sleep(500);
    }

    assertThat(ordinary).hasSizeGreaterThan(10).containsOnly(200);
    PacedUpload.Answer steadyAnswer = steady.get();
    assertThat(steadyAnswer.status()).as(steadyAnswer.text()).isEqualTo(200);
    assertThat(steadyAnswer.text()).contains("\"width\":1024");
    for (PacedUpload upload : trickling) {
      PacedUpload.Answer answer = upload.answer(BODY_TIMEOUT_SECONDS + 10);
      if (!answer.closedWithoutAnswer()) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(408);
        assertThat(answer.text())
            .contains("urn:tscam:problem:upload-timeout")
            .containsIgnoringCase("Connection: close");
      }
      upload.close();
    }
    trickle.join(TimeUnit.SECONDS.toMillis(5));
    assertThat(metrics.counter("tscam_upload_timeouts_total", "") - timeoutsBefore)
        .isEqualTo(TRICKLING);
    assertThat(metrics.counter("tscam_uploads_in_flight", "")).isZero();
    client.assertStillServes();
  }

  @Test
  void aClientThatNeverReadsItsAnswerFreesItsSlot() throws Exception {
    LocalizeClient metrics = new LocalizeClient(managementPort);
    byte[] photo = noisePng(1024, 1024);
    try (Socket socket = new Socket()) {
      socket.setReceiveBufferSize(
          4096); // before connecting: the window the server sees stays small
      socket.connect(new InetSocketAddress("localhost", port));
      String head =
          ("POST /localize?format=png HTTP/1.1\r\nHost: localhost\r\nContent-Type: image/png\r\n"
                  + "Content-Length: %d\r\n\r\n")
              .formatted(photo.length);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().write(photo);

      // The answer (a 1024 px overlay of noise, megabytes of PNG) fills the socket buffers and
      // the server's write waits for a reader that never comes, holding its slot until then.
      assertThat(awaitInFlight(metrics, 1, 20)).as("the request is in progress").isTrue();
      assertThat(awaitInFlight(metrics, 0, CONNECTION_TIMEOUT_SECONDS + 10))
          .as("the write gave up and the slot is free, with the answer still unread")
          .isTrue();
      new LocalizeClient(port).assertStillServes();

      socket.setSoTimeout(10_000);
      byte[] received = socket.getInputStream().readAllBytes();
      assertThat(new String(received, 0, 12, StandardCharsets.ISO_8859_1))
          .isEqualTo("HTTP/1.1 200");
      assertThat(received.length).as("the answer was cut off").isLessThan(answerLength(received));
    }
  }

  @Test
  void aClientThatHangsUpMidBodyFreesItsSlot() throws Exception {
    LocalizeClient metrics = new LocalizeClient(managementPort);
    try (PacedUpload upload = PacedUpload.start(port, "/localize", "image/jpeg", 1 << 20)) {
      upload.send(new byte[10_000]);
      assertThat(awaitInFlight(metrics, 1, 10)).as("the upload is in progress").isTrue();
    }

    assertThat(awaitInFlight(metrics, 0, 10)).as("the slot is free once it hung up").isTrue();
    new LocalizeClient(port).assertStillServes();
  }

  private static boolean awaitInFlight(LocalizeClient metrics, int expected, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (metrics.counter("tscam_uploads_in_flight", "") == expected) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return false;
  }

  /** The whole answer's length, from its head's Content-Length. */
  private static int answerLength(byte[] received) {
    String text = new String(received, StandardCharsets.ISO_8859_1);
    int bodyStart = text.indexOf("\r\n\r\n") + 4;
    Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
    assertThat(length.find()).as("the PNG answer declares its length").isTrue();
    return bodyStart + Integer.parseInt(length.group(1));
  }

  /**
   * Half multipart uploads, a quarter raw image bodies, a quarter batches: each opened, no more.
   */
  private List<PacedUpload> startTrickling() {
    List<PacedUpload> uploads = new ArrayList<>();
    for (int i = 0; i < TRICKLING; i++) {
      uploads.add(
          switch (i % 4) {
            case 0, 1 -> openMultipart("/localize", "image");
            case 2 -> PacedUpload.start(port, "/localize", "image/jpeg", 1 << 20);
            default -> openMultipart("/localize/batch", "images");
          });
    }
    return uploads;
  }

  private PacedUpload openMultipart(String path, String part) {
    MultipartBody body = new MultipartBody();
    PacedUpload upload = PacedUpload.start(port, path, body.contentType(), 1 << 20);
    upload.send(body.fileOpening(part, "photo.jpg"));
    return upload;
  }

  /** One byte a second on every connection, until the server has answered or hung up on each. */
  private static void trickle(List<PacedUpload> uploads) {
    try {
      while (!uploads.stream().allMatch(PacedUpload::answered)) {
        uploads.forEach(upload -> upload.send(ONE_BYTE));
        TimeUnit.SECONDS.sleep(1);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A raw PNG body sent at 256 KB/s in 16 KB chunks, on schedule. */
  private PacedUpload.Answer uploadSteadily(byte[] png) {
    PacedUpload upload = PacedUpload.start(port, "/localize?topk=1", "image/png", png.length);
    long start = System.nanoTime();
    try (upload) {
      for (int sent = 0; sent < png.length; sent += STEADY_CHUNK) {
        long due = start + TimeUnit.SECONDS.toNanos(sent) / STEADY_BYTES_PER_SECOND;
        TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
        upload.send(png, sent, Math.min(STEADY_CHUNK, png.length - sent));
      }
      return upload.answer(30);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Noise does not compress: a PNG of {@code STEADY_BYTES} or so, like a photo of that size. */
  private static byte[] noisePng(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(7);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ImageIO.write(image, "png", out);
      byte[] png = out.toByteArray();
      assertThat(png.length).isBetween(STEADY_BYTES, STEADY_BYTES + STEADY_BYTES / 10);
      return png;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Thread daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    return thread;
  }
}
