package io.tscam.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.MultipartBody;
import io.tscam.server.testsupport.ServedWithTinyModel;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** boxes=all over real HTTP: one box per object, the official box first, and its parameters. */
@ServedWithTinyModel
class ObjectBoxesApiTest {

  private static final JsonMapper JSON = new JsonMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  @Test
  void everyClassGetsItsObjectsLargestFirstTheOfficialBoxAmongThem() throws Exception {
    HttpResponse<String> response = post("/localize?boxes=all&minBoxArea=0.01&topk=10");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    for (JsonNode prediction : JSON.readTree(response.body()).get("predictions")) {
      JsonNode boxes = prediction.get("boxes");
      assertThat(boxes).isNotEmpty();
      // The first is the official box (no two outer contours of these maps have equal areas).
      assertThat(boxes.get(0).get("inputBox")).isEqualTo(prediction.get("inputBox"));
      assertThat(boxes.get(0).get("x1")).isEqualTo(prediction.at("/box/x1"));
      assertThat(boxes.get(0).get("y2")).isEqualTo(prediction.at("/box/y2"));
      double masses = 0;
      for (JsonNode box : boxes) {
        assertThat(box.get("mass").asDouble()).isBetween(0.0, 1.0);
        assertThat(box.get("x2").asInt()).isGreaterThan(box.get("x1").asInt());
        masses += box.get("mass").asDouble();
      }
      assertThat(masses).isLessThanOrEqualTo(1.0 + 1e-9);
    }
  }

  @Test
  void aLargerMinimumKeepsFewerObjectsAndTheDefaultAnswerHasNone() throws Exception {
    JsonNode all = JSON.readTree(post("/localize?boxes=all&minBoxArea=0.01&topk=10").body());
    JsonNode largestOnly = JSON.readTree(post("/localize?boxes=all&minBoxArea=1&topk=10").body());
    int many = all.get("predictions").findValues("boxes").stream().mapToInt(JsonNode::size).sum();
    int few =
        largestOnly.get("predictions").findValues("boxes").stream().mapToInt(JsonNode::size).sum();
    assertThat(few).isLessThanOrEqualTo(many).isGreaterThanOrEqualTo(10);

    JsonNode plain = JSON.readTree(post("/localize?topk=10").body());
    assertThat(plain.get("predictions").findValues("boxes")).isEmpty();
  }

  @Test
  void theOverlayDrawsEveryObject() throws Exception {
    HttpResponse<byte[]> response =
        http.send(
            upload().post(uri("/localize?boxes=all&minBoxArea=0.01&format=png")),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(ImageIO.read(new ByteArrayInputStream(response.body()))).isNotNull();
  }

  @Test
  void badValuesAre400NamingTheParameter() throws Exception {
    for (String query :
        List.of("boxes=x", "minBoxArea=0", "minBoxArea=1.5", "minBoxArea=-1", "minBoxArea=x")) {
      HttpResponse<String> response = post("/localize?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      JsonNode problem = JSON.readTree(response.body());
      assertThat(problem.get("type").asString()).isEqualTo("urn:tscam:problem:invalid-parameter");
      String parameter = query.substring(0, query.indexOf('='));
      assertThat(problem.get("parameter").asString()).isEqualTo(parameter);
      assertThat(problem.get("detail").asString()).contains(parameter);
    }
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(upload().post(uri(path)), HttpResponse.BodyHandlers.ofString());
  }

  private static MultipartBody upload() throws Exception {
    return new MultipartBody()
        .file("image", "upload.png", "image/png", LocalizeApiTest.png(320, 200));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
