package io.tscam.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.ServedAsShipped;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Real answers of every operation conform to the schema the API description gives their status:
 * what it declares required is always there (generated clients type it as present), and nothing is
 * there that it does not describe. Each answer asks for every optional field it can carry.
 */
@ServedAsShipped
class DescribedAnswersTest {

  private static final String JSON = "application~1json";
  private static final String PROBLEM = "application~1problem+json";

  @LocalServerPort int port;

  private RawAnswers raw;
  private JsonNode description;
  private SchemaConformance conformance;

  @BeforeEach
  void fetchTheDescription() {
    raw = new RawAnswers(port);
    description = raw.description();
    conformance = new SchemaConformance(description);
  }

  @Test
  void theModel() {
    assertConforms(raw.model(), "/paths/~1model/get/responses/200/content/*~1*");
  }

  @Test
  void aLocalizationWithMapsObjectBoxesAndEvidence() {
    JsonNode answer = raw.localize("topk=2&cam=true&boxes=all&evidence=true");

    assertThat(answer.at("/predictions/0").propertyNames()).contains("cam", "boxes", "evidence");
    assertConforms(answer, "/paths/~1localize/post/responses/200/content/" + JSON);
  }

  @Test
  void aBatchWithAnAnswerAndAProblem() {
    JsonNode batch = raw.batchOfSampleAndUndecodable("topk=1&cam=true");

    assertThat(batch.at("/results/0").propertyNames()).contains("answer");
    assertThat(batch.at("/results/1").propertyNames()).contains("problem");
    assertConforms(batch, "/paths/~1localize~1batch/post/responses/200/content/" + JSON);
  }

  @Test
  void aProblemNamingItsParameter() {
    JsonNode problem = raw.localize("topk=0");

    assertThat(problem.propertyNames()).contains("parameter", "instance");
    assertConforms(problem, "/paths/~1localize/post/responses/400/content/" + PROBLEM);
  }

  private void assertConforms(JsonNode answer, String content) {
    JsonNode schema = description.at(content + "/schema");
    assertThat(schema.isMissingNode()).as("%s declares a schema", content).isFalse();
    assertThat(conformance.violations(answer, schema)).as(answer.toString()).isEmpty();
  }
}
