package io.tscam.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.MultipartBody;
import io.tscam.server.testsupport.ServedWithTinyModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** evidence=true over real HTTP: two more passes per class, counted, timed, and nothing else. */
@ServedWithTinyModel
class EvidenceApiTest {

  private static final JsonMapper JSON = new JsonMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;

  @Test
  void everyClassGetsKeepAndRemoveAndTheAnswerCountsItsPasses() throws Exception {
    JsonNode plain = localize("/localize?topk=3");
    JsonNode withEvidence = localize("/localize?topk=3&evidence=true");

    assertThat(plain.get("passes").asInt()).isEqualTo(1);
    assertThat(withEvidence.get("passes").asInt()).isEqualTo(7);
    assertThat(plain.get("predictions").findValues("evidence")).isEmpty();
    for (int i = 0; i < 3; i++) {
      JsonNode prediction = withEvidence.get("predictions").get(i);
      // The evidence passes change nothing of the answer itself.
      assertThat(prediction.get("score")).isEqualTo(plain.at("/predictions/" + i + "/score"));
      assertThat(prediction.get("box")).isEqualTo(plain.at("/predictions/" + i + "/box"));
      assertThat(prediction.at("/evidence/keep").asDouble()).isBetween(0.0, 1.0);
      assertThat(prediction.at("/evidence/remove").asDouble()).isBetween(0.0, 1.0);
    }
    JsonNode batch = localize("/localize/batch?topk=3&evidence=true", "images");
    assertThat(batch.at("/results/0/answer")).isEqualTo(withEvidence);

    String metrics =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://localhost:" + managementPort + "/actuator/prometheus"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(metrics).contains("tscam_evidence_seconds_count");
  }

  @Test
  void aBadValueIs400NamingTheParameter() throws Exception {
    HttpResponse<String> response =
        http.send(
            upload("image").post(uri("/localize?evidence=maybe")),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()).get("parameter").asString()).isEqualTo("evidence");
  }

  private JsonNode localize(String path) throws Exception {
    return localize(path, "image");
  }

  private JsonNode localize(String path, String part) throws Exception {
    HttpResponse<String> response =
        http.send(upload(part).post(uri(path)), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static MultipartBody upload(String part) throws Exception {
    return new MultipartBody().file(part, "upload.png", "image/png", LocalizeApiTest.png(320, 200));
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }
}
