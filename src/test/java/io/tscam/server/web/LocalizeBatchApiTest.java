package io.tscam.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.localization.Localizer;
import io.tscam.server.testsupport.MultipartBody;
import io.tscam.server.testsupport.ServedWithTinyModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** POST /localize/batch over real HTTP against the real app and the tiny model. */
@ServedWithTinyModel
class LocalizeBatchApiTest {

  private static final JsonMapper JSON = new JsonMapper();
  private static final int QUEUE_CAPACITY = 64; // tscam.batching.queue-capacity's default
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @Autowired Localizer localizer;

  @Test
  void answersEachImageExactlyAsItIsAnsweredAlone() throws Exception {
    List<byte[]> images = List.of(scene(320, 200, 0), scene(224, 224, 1), scene(500, 333, 2));
    for (String query : List.of("topk=3", "boxes=all&minBoxArea=0.05&cam=true&fusion=rollout")) {
      JsonNode results = results(post("/localize/batch?" + query, images));
      assertThat(results).hasSize(images.size());
      for (int i = 0; i < images.size(); i++) {
        HttpResponse<String> alone = post("/localize?" + query, images.subList(i, i + 1), "image");
        assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
        assertThat(results.get(i).get("status").asInt()).isEqualTo(200);
        assertThat(results.get(i).has("problem")).isFalse();
        assertThat(results.get(i).get("answer"))
            .as("image %d, %s", i, query)
            .isEqualTo(JSON.readTree(alone.body()));
      }
    }
  }

  @Test
  void anUndecodableImageFailsAloneWithItsOwnStatusAndProblem() throws Exception {
    byte[] broken = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
    byte[] webp = "RIFF\0\0\0\0WEBPVP8 ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    JsonNode results =
        results(post("/localize/batch?topk=1", List.of(scene(64, 64, 0), broken, webp)));

    assertThat(results.get(0).at("/answer/predictions")).hasSize(1);
    assertThat(results.get(1).get("status").asInt()).isEqualTo(400);
    assertThat(results.get(1).has("answer")).isFalse();
    assertThat(results.get(1).at("/problem/type").asString())
        .isEqualTo("urn:tscam:problem:invalid-image");
    assertThat(results.get(1).at("/problem/status").asInt()).isEqualTo(400);
    assertThat(results.get(2).get("index").asInt()).isEqualTo(2);
    assertThat(results.get(2).get("status").asInt()).isEqualTo(415);
    assertThat(results.get(2).at("/problem/status").asInt()).isEqualTo(415);
    assertThat(results.get(2).toString()).doesNotContain("Exception", "trace");
  }

  @Test
  void moreImagesThanAllowedIs413NamingTheImages() throws Exception {
    List<byte[]> seventeen = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      seventeen.add(scene(16, 16, i));
    }
    HttpResponse<String> response = post("/localize/batch", seventeen);
    JsonNode problem = problem(response, 413, "upload-too-large");
    assertThat(problem.get("parameter").asString()).isEqualTo("images");
    assertThat(problem.get("detail").asString()).contains("17", "16");
  }

  @Test
  void noImagesPartOrABadParameterIs400() throws Exception {
    problem(post("/localize/batch", List.of(scene(16, 16, 0)), "image"), 400, "missing-image");
    JsonNode bad =
        problem(
            post("/localize/batch?minBoxArea=2", List.of(scene(16, 16, 0))),
            400,
            "invalid-parameter");
    assertThat(bad.get("parameter").asString()).isEqualTo("minBoxArea");
  }

  @Test
  void theQueueAdmitsEveryImageOrNone() throws Exception {
    List<byte[]> five =
        List.of(
            scene(32, 32, 0),
            scene(32, 32, 1),
            scene(32, 32, 2),
            scene(32, 32, 3),
            scene(32, 32, 4));
    List<InferenceQueue.Arrival> held = new ArrayList<>();
    try {
      while (held.size() < QUEUE_CAPACITY - 4) {
        held.add(localizer.admit());
      }
      // Room for four: the batch's first image got in before its body was read, the rest not.
      problem(post("/localize/batch", five), 503, "overloaded");
      assertThat(post("/localize/batch", five.subList(0, 4)).statusCode()).isEqualTo(200);
    } finally {
      held.forEach(InferenceQueue.Arrival::close);
    }
    assertThat(results(post("/localize/batch", five))).hasSize(5);
  }

  private JsonNode results(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body()).get("results");
  }

  private JsonNode problem(HttpResponse<String> response, int status, String kind) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("type").asString()).isEqualTo("urn:tscam:problem:" + kind);
    return body;
  }

  private HttpResponse<String> post(String path, List<byte[]> images) throws Exception {
    return post(path, images, "images");
  }

  private HttpResponse<String> post(String path, List<byte[]> images, String partName)
      throws Exception {
    MultipartBody body = new MultipartBody();
    for (int i = 0; i < images.size(); i++) {
      body.file(partName, "image" + i + ".png", "image/png", images.get(i));
    }
    return http.send(
        body.post(URI.create("http://localhost:" + port + path)),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A different picture per seed: a disc on a background, placed and coloured by the seed. */
  private static byte[] scene(int width, int height, int seed) throws IOException {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(30 + 40 * seed % 200, 90, 160));
    g.fillRect(0, 0, width, height);
    g.setColor(Color.ORANGE);
    g.fillOval(width * (seed % 3) / 4, height / 4, width / 2, height / 2);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
