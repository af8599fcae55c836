package io.tscam.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.ServedWithTinyModel;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API description the running app serves (/v3/api-docs, what Swagger UI shows) reads like the
 * product: its name and build version, one tag per resource, no error-page operations, enum values
 * as clients send them, and example answers shaped exactly like the real answers.
 */
@ServedWithTinyModel
class ApiDocumentationTest {

  private static final JsonMapper JSON = new JsonMapper();

  @LocalServerPort int port;
  private RestClient http;
  private JsonNode api;

  @BeforeEach
  void fetchTheDescription() {
    http = RestClient.create("http://localhost:" + port);
    api = JSON.readTree(http.get().uri("/v3/api-docs").retrieve().body(String.class));
  }

  @Test
  void isTitledWithTheProductAndItsBuildVersionAndLinksTheDemoPage() throws Exception {
    assertThat(api.at("/info/title").asString()).isEqualTo("TS-CAM Server");
    assertThat(api.at("/info/version").asString()).isEqualTo(projectVersion());
    assertThat(api.at("/info/description").asString()).contains("[demo page](/)");
  }

  @Test
  void tagsEachOperationWithItsResource() {
    assertThat(api.get("tags").findValuesAsString("name"))
        .containsExactlyInAnyOrder("Localization", "Model");
    assertThat(tags("/paths/~1localize/post")).containsExactly("Localization");
    assertThat(tags("/paths/~1model/get")).containsExactly("Model");
  }

  @Test
  void describesOnlyTheApiNotTheErrorPage() {
    assertThat(api.get("paths").propertyNames())
        .containsExactlyInAnyOrder("/localize", "/localize/batch", "/model");
  }

  @Test
  void spellsEnumValuesAsTheApiDoes() {
    assertThat(parameter("format").at("/schema/enum").toString()).isEqualTo("[\"json\",\"png\"]");
    assertThat(parameter("fusion").at("/schema/enum").toString())
        .isEqualTo("[\"tscam\",\"rollout\"]");
    assertThat(parameter("fusion").at("/schema/default").asString()).isEqualTo("tscam");
    for (JsonNode values : api.findValues("enum")) {
      for (JsonNode value : values) {
        assertThat(value.asString()).isLowerCase();
      }
    }
  }

  @Test
  void namesSchemasForTheApi() {
    assertThat(api.at("/components/schemas").propertyNames())
        .contains("Box")
        .noneMatch(name -> name.contains("Dto"));
  }

  @Test
  void theJsonExampleHasTheFieldsOfARealAnswer() throws IOException {
    JsonNode example =
        api.at(
            "/paths/~1localize/post/responses/200/content/application~1json/examples/sneaker/value");
    JsonNode answer = JSON.readTree(localize("topk=1"));

    assertThat(fields(example)).isNotEmpty().isEqualTo(fields(answer));
    assertThat(
            api.at("/paths/~1localize/post/responses/200/content/image~1png/schema/format")
                .asString())
        .isEqualTo("binary");
  }

  @Test
  void theAllBoxesEvidenceAndBatchExamplesHaveTheFieldsOfRealAnswers() throws IOException {
    JsonNode allBoxes =
        api.at(
            "/paths/~1localize/post/responses/200/content/application~1json/examples/"
                + "trouser-all-boxes/value");
    assertThat(fields(allBoxes))
        .contains("/predictions/0/boxes/0/mass")
        .isEqualTo(fields(JSON.readTree(localize("topk=1&boxes=all"))));

    JsonNode evidence =
        api.at(
            "/paths/~1localize/post/responses/200/content/application~1json/examples/"
                + "sneaker-evidence/value");
    assertThat(fields(evidence))
        .contains("/predictions/0/evidence/keep")
        .isEqualTo(fields(JSON.readTree(localize("topk=1&evidence=true"))));

    JsonNode batch =
        api.at(
            "/paths/~1localize~1batch/post/responses/200/content/application~1json/examples/"
                + "batch/value");
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("images", new NamedBytes(png(), "upload.png"));
    form.add("images", new NamedBytes("not an image".getBytes(), "notes.txt"));
    JsonNode answer =
        JSON.readTree(
            http.post()
                .uri("/localize/batch?topk=1")
                .contentType(MediaType.MULTIPART_FORM_DATA)
                .body(form)
                .retrieve()
                .body(String.class));
    assertThat(fields(batch.at("/results/1"))).isEqualTo(fields(answer.at("/results/1")));
    assertThat(fields(batch)).isEqualTo(fields(answer));
  }

  @Test
  void declaresWhatEveryAnswerAndProblemAlwaysCarries() {
    assertThat(required("ProblemDetail")).containsExactly("type", "title", "status");
    assertThat(required("BatchResult")).containsExactlyInAnyOrder("index", "status");
    assertThat(required("LocalizeResponse"))
        .containsExactlyInAnyOrder(
            "model", "image", "threshold", "fusion", "predictions", "passes");
    assertThat(required("Box")).containsExactlyInAnyOrder("x1", "y1", "x2", "y2");
    assertThat(required("ImageSize")).containsExactlyInAnyOrder("width", "height");
    for (Map.Entry<String, JsonNode> schema : api.at("/components/schemas").properties()) {
      assertThat(schema.getValue().get("required")).as(schema.getKey()).isNotEmpty();
    }
    // Nothing a generator has to guess between: every answer has one shape.
    assertThat(api.findValues("oneOf")).isEmpty();
    assertThat(api.findValues("anyOf")).isEmpty();
  }

  @Test
  void documentsTheBoxParametersWithExamples() {
    assertThat(parameter("boxes").at("/schema/enum").toString()).isEqualTo("[\"largest\",\"all\"]");
    assertThat(parameter("boxes").at("/schema/default").asString()).isEqualTo("largest");
    assertThat(parameter("minBoxArea").get("example").asDouble()).isEqualTo(0.1);
    assertThat(parameter("minBoxArea").get("description").asString()).contains("0 < a <= 1");
    assertThat(parameter("evidence").get("example").asBoolean()).isTrue();
    assertThat(api.at("/components/schemas/BoxEvidence/properties").propertyNames())
        .containsExactlyInAnyOrder("keep", "remove");
    assertThat(api.at("/components/schemas/InstanceBox/properties/mass/example").asDouble())
        .isEqualTo(0.93);
  }

  @Test
  void everyProblemResponseHasExamplesOfItsStatusShapedLikeARealProblem() throws IOException {
    JsonNode responses = api.at("/paths/~1localize/post/responses");
    List<String> problemStatuses = new ArrayList<>();
    for (Map.Entry<String, JsonNode> response : responses.properties()) {
      JsonNode examples = response.getValue().at("/content/application~1problem+json/examples");
      if (examples.isMissingNode()) {
        continue;
      }
      problemStatuses.add(response.getKey());
      assertThat(examples.size()).as(response.getKey()).isPositive();
      for (JsonNode example : examples) {
        assertThat(example.at("/value/status").asInt())
            .isEqualTo(Integer.parseInt(response.getKey()));
        assertThat(example.at("/value/type").asString()).startsWith("urn:tscam:problem:");
      }
    }
    assertThat(problemStatuses).containsExactlyInAnyOrder("400", "413", "415", "503");

    JsonNode example = responses.at("/400/content/application~1problem+json/examples");
    JsonNode invalidParameter = example.get("invalid-parameter").get("value");
    assertThat(fields(invalidParameter)).isEqualTo(fields(JSON.readTree(localize("topk=0"))));
  }

  private List<String> required(String schema) {
    return api.at("/components/schemas/" + schema + "/required")
        .valueStream()
        .map(JsonNode::asString)
        .toList();
  }

  private List<String> tags(String operation) {
    return api.at(operation + "/tags").valueStream().map(JsonNode::asString).toList();
  }

  private JsonNode parameter(String name) {
    for (JsonNode parameter : api.at("/paths/~1localize/post/parameters")) {
      if (parameter.get("name").asString().equals(name)) {
        return parameter;
      }
    }
    throw new AssertionError("no parameter " + name);
  }

  /** The answer's body, whatever its status. */
  private String localize(String query) throws IOException {
    MultiValueMap<String, Object> form = new LinkedMultiValueMap<>();
    form.add("image", new NamedBytes(png(), "upload.png"));
    return http.post()
        .uri("/localize?" + query)
        .contentType(MediaType.MULTIPART_FORM_DATA)
        .body(form)
        .exchange((request, response) -> new String(response.getBody().readAllBytes()));
  }

  /** Every field path of a JSON tree, arrays represented by their first element. */
  private static TreeSet<String> fields(JsonNode node) {
    TreeSet<String> paths = new TreeSet<>();
    collect(node, "", paths);
    return paths;
  }

  private static void collect(JsonNode node, String path, TreeSet<String> paths) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String child = path + "/" + field.getKey();
        paths.add(child);
        collect(field.getValue(), child, paths);
      }
    } else if (node.isArray() && !node.isEmpty()) {
      collect(node.get(0), path + "/0", paths);
    }
  }

  private static byte[] png() throws IOException {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB), "png", png);
    return png.toByteArray();
  }

  private static String projectVersion() throws Exception {
    return XPathFactory.newInstance()
        .newXPath()
        .evaluate(
            "/project/version",
            DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile()));
  }

  /** A file part: the form converter takes the part's name and content type from the filename. */
  private static final class NamedBytes extends ByteArrayResource {
    private final String filename;

    NamedBytes(byte[] bytes, String filename) {
      super(bytes);
      this.filename = filename;
    }

    @Override
    public String getFilename() {
      return filename;
    }
  }
}
