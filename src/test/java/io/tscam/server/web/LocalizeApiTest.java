package io.tscam.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.MultipartBody;
import io.tscam.server.testsupport.ServedWithTinyModel;
import io.tscam.server.testsupport.UploadFolder;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against the real app and a real (tiny, random) ONNX model: every status it answers. */
@ServedWithTinyModel
class LocalizeApiTest {

  private static final JsonMapper JSON = new JsonMapper();
  private final HttpClient http =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired ApplicationContext context;

  @Test
  void answersTopFiveClassesWithBoxesInOriginalPixels() throws Exception {
    HttpResponse<String> response = upload("/localize", png(320, 200), "image/png", null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.at("/image/width").asInt()).isEqualTo(320);
    assertThat(body.at("/image/height").asInt()).isEqualTo(200);
    assertThat(body.at("/model/name").asString()).isNotBlank();
    JsonNode predictions = body.get("predictions");
    assertThat(predictions).hasSize(5);
    double previous = Double.MAX_VALUE;
    for (JsonNode p : predictions) {
      double score = p.get("score").asDouble();
      assertThat(score).isBetween(0.0, previous);
      previous = score;
      JsonNode box = p.get("box");
      assertThat(box.get("x1").asInt()).isBetween(0, 319);
      assertThat(box.get("x2").asInt()).isBetween(box.get("x1").asInt() + 1, 320);
      assertThat(box.get("y2").asInt()).isBetween(box.get("y1").asInt() + 1, 200);
      assertThat(p.get("cam")).isNull();
    }
  }

  @Test
  void localizesExactlyTheClassesAskedForWithMaps() throws Exception {
    HttpResponse<String> response =
        upload("/localize?classes=7,2&cam=true&threshold=0.3", png(224, 224), "image/png", null);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("threshold").asDouble()).isEqualTo(0.3);
    assertThat(body.get("predictions").findValuesAsString("classIndex")).containsExactly("7", "2");
    JsonNode cam = body.at("/predictions/0/cam");
    assertThat(cam).hasSize(14);
    assertThat(cam.get(0)).hasSize(14);
    assertThat(body.get("attention")).hasSize(14);
  }

  @Test
  void answersPngOverlayOnRequestOrAcceptHeader() throws Exception {
    for (HttpResponse<byte[]> response :
        List.of(
            uploadBytes("/localize?format=png", png(1600, 900), null),
            uploadBytes("/localize", png(1600, 900), "image/png"))) {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
      BufferedImage overlay = ImageIO.read(new ByteArrayInputStream(response.body()));
      assertThat(overlay.getWidth()).isEqualTo(1024);
      assertThat(overlay.getHeight()).isEqualTo(576);
    }
  }

  @Test
  void missingImagePartIs400() throws Exception {
    HttpResponse<String> response = upload("/localize", png(10, 10), "image/png", "file");
    assertProblem(response, 400, "missing-image");
  }

  @Test
  void undecodableImageIs400() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(1).nextBytes(garbage);
    garbage[0] = (byte) 0xFF;
    garbage[1] = (byte) 0xD8;
    garbage[2] = (byte) 0xFF;
    assertProblem(upload("/localize", garbage, "image/jpeg", null), 400, "invalid-image");
  }

  @Test
  void badParametersAre400NamingTheParameter() throws Exception {
    for (String query :
        List.of(
            "topk=0",
            "topk=abc",
            "topk=11",
            "classes=3,x",
            "classes=10",
            "classes=-1",
            "threshold=1.5",
            "threshold=0",
            "format=gif",
            "fusion=magic")) {
      HttpResponse<String> response = upload("/localize?" + query, png(32, 32), "image/png", null);
      assertProblem(response, 400, "invalid-parameter");
      String parameter = query.substring(0, query.indexOf('='));
      assertThat(JSON.readTree(response.body()).get("detail").asString()).contains(parameter);
    }
  }

  @Test
  void uploadOverTheLimitIs413() throws Exception {
    assertProblem(
        upload("/localize", new byte[2_500_000], "image/png", null), 413, "upload-too-large");
  }

  @Test
  void unsupportedFormatIs415() throws Exception {
    byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> response = upload("/localize", webp, "image/webp", null);
    assertProblem(response, 415, "unsupported-media-type");
    assertThat(JSON.readTree(response.body()).get("detail").asString()).contains("JPEG", "PNG");
  }

  @Test
  void bodyNeitherMultipartNorAnImageIs415() throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(uri("/localize"))
            .header("Content-Type", "text/plain")
            .POST(HttpRequest.BodyPublishers.ofByteArray(png(8, 8)))
            .build();
    assertProblem(
        http.send(request, HttpResponse.BodyHandlers.ofString()), 415, "unsupported-media-type");
  }

  @Test
  void notReadyIs503WithRetryAfterAndRecovers() throws Exception {
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    try {
      HttpResponse<String> response = upload("/localize", png(32, 32), "image/png", null);
      assertProblem(response, 503, "not-ready");
      assertThat(response.headers().firstValue("Retry-After")).isPresent();
    } finally {
      AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }
    assertThat(upload("/localize", png(32, 32), "image/png", null).statusCode()).isEqualTo(200);
  }

  @Test
  void keepsWebSizedUploadsInMemoryNeverWritingATemporaryFile(
      @Value("${" + UploadFolder.PROPERTY + "}") Path uploadFolder) throws Exception {
    byte[] upload = noisePng(500, 400); // about 0.6 MB, under the 1 MB in-memory threshold
    assertThat(upload.length).isGreaterThan(500_000);
    assertThat(fileInUploadFolderDuring(uploadFolder, upload))
        .as("a file in the upload folder")
        .isNull();
  }

  @Test
  void writesPhotoSizedUploadsToTheUploadFolder(
      @Value("${" + UploadFolder.PROPERTY + "}") Path uploadFolder) throws Exception {
    byte[] upload = noisePng(700, 700); // about 1.5 MB: over the threshold, under the 2 MB limit
    assertThat(upload.length).isBetween(1_100_000, 2_000_000);
    assertThat(fileInUploadFolderDuring(uploadFolder, upload))
        .as("a file in the upload folder")
        .isNotNull();
  }

  /** Uploads the image (expecting 200) and returns what appeared in the upload folder, if any. */
  private WatchKey fileInUploadFolderDuring(Path uploadFolder, byte[] upload) throws Exception {
    try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
      uploadFolder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
      assertThat(upload("/localize", upload, "image/png", null).statusCode()).isEqualTo(200);
      return watcher.poll(500, TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void notReadyRefusesBeforeTheBodyIsRead() throws Exception {
    AvailabilityChangeEvent.publish(context, ReadinessState.REFUSING_TRAFFIC);
    try {
      HttpRequest notEvenMultipart =
          HttpRequest.newBuilder(uri("/localize"))
              .header("Content-Type", "multipart/form-data; boundary=none")
              .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[64 * 1024]))
              .build();
      // A 503 for a body that is not multipart at all shows it was never parsed.
      assertProblem(
          http.send(notEvenMultipart, HttpResponse.BodyHandlers.ofString()), 503, "not-ready");
    } finally {
      AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
    }
  }

  @Test
  void describesTheModel() throws Exception {
    JsonNode model = JSON.readTree(get("/model").body());
    assertThat(model.get("labels")).hasSize(10);
    assertThat(model.get("numClasses").asInt()).isEqualTo(10);
    assertThat(model.get("tokenGrid").toString()).isEqualTo("[14,14]");
    assertThat(model.get("provider").asString()).isEqualTo("cpu");
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(model.at("/inference/workers").asInt()).as("one per core").isEqualTo(cores);
    assertThat(model.at("/inference/intraOpThreads").asInt()).isEqualTo(1);
    assertThat(model.at("/inference/batchLimit").asInt())
        .as("no max-size set: one image per worker run on CPU")
        .isEqualTo(1);
    if (cores > 1) {
      assertThat(model.at("/inference/latencySessionThreads").asInt()).isEqualTo(cores);
    } else {
      assertThat(model.at("/inference/latencySessionThreads").isNull()).isTrue();
    }
    assertThat(model.get("trained").asBoolean()).isFalse();
    assertThat(model.get("jpegDecoder").asString()).startsWith("libjpeg-turbo");
  }

  @Test
  void probesAndMetricsAreExposedOnTheManagementPortOnly() throws Exception {
    upload("/localize", png(64, 64), "image/png", null);
    assertThat(getManagement("/actuator/health/readiness").body()).contains("UP");
    assertThat(getManagement("/actuator/health/liveness").body()).contains("UP");
    String metrics = getManagement("/actuator/prometheus").body();
    assertThat(metrics)
        .contains(
            "tscam_preprocess_seconds", "tscam_inference_seconds", "tscam_postprocess_seconds")
        .contains("tscam_queue_wait_seconds", "tscam_batch_size", "tscam_queue_depth")
        .contains("tscam_inference_workers", "tscam_inference_running", "tscam_inference_threads")
        .containsPattern("tscam_inference_seconds_count\\{[^}]*lane=\"(workers|latency)\"")
        .contains("tscam_requests_total{application=\"tscam-server\",outcome=\"success\"}");
    assertThat(getManagement("/actuator/env").statusCode()).isEqualTo(404);
    for (String path : List.of("/actuator", "/actuator/health", "/actuator/prometheus")) {
      assertThat(get(path).statusCode()).as("API port %s", path).isEqualTo(404);
    }
  }

  @Test
  void openApiDocumentsTheUploadAndBothMediaTypes() throws Exception {
    JsonNode api = JSON.readTree(get("/v3/api-docs").body());
    JsonNode post = api.at("/paths/~1localize/post");
    assertThat(
            post.at("/requestBody/content/multipart~1form-data/schema/properties/image/format")
                .asString())
        .isEqualTo("binary");
    assertThat(post.at("/requestBody/content").propertyNames())
        .contains("multipart/form-data", "image/jpeg", "image/png", "application/octet-stream");
    assertThat(post.at("/requestBody/content/image~1jpeg/schema/format").asString())
        .isEqualTo("binary");
    assertThat(post.at("/responses/200/content").propertyNames())
        .contains("application/json", "image/png");
    HttpResponse<String> swagger = get("/swagger-ui.html");
    assertThat(swagger.statusCode()).isEqualTo(200);
    assertThat(swagger.body()).contains("swagger-ui");
  }

  private void assertProblem(HttpResponse<String> response, int status, String kind)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("type").asString()).isEqualTo("urn:tscam:problem:" + kind);
    assertThat(body.get("status").asInt()).isEqualTo(status);
    assertThat(response.body()).doesNotContain("Exception", "\tat ", "trace");
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> getManagement(String path) throws IOException, InterruptedException {
    URI actuator = URI.create("http://localhost:" + managementPort + path);
    return http.send(
        HttpRequest.newBuilder(actuator).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> upload(String path, byte[] bytes, String partType, String partName)
      throws IOException, InterruptedException {
    return http.send(
        multipart(path, bytes, partType, partName, null), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<byte[]> uploadBytes(String path, byte[] bytes, String accept)
      throws IOException, InterruptedException {
    return http.send(
        multipart(path, bytes, "image/png", null, accept), HttpResponse.BodyHandlers.ofByteArray());
  }

  private HttpRequest multipart(
      String path, byte[] bytes, String partType, String partName, String accept) {
    HttpRequest.Builder request =
        new MultipartBody()
            .file(partName == null ? "image" : partName, "upload", partType, bytes)
            .postBuilder(uri(path));
    if (accept != null) {
      request.header("Accept", accept);
    }
    return request.build();
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  /** Random pixels, which PNG cannot compress: a large upload from a small image. */
  private static byte[] noisePng(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(12);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  static byte[] png(int width, int height) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(40, 90, 160));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.ORANGE);
    g.fillOval(width / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
