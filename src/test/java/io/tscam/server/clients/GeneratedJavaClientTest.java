package io.tscam.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tscam.client.ApiClient;
import io.tscam.client.ApiException;
import io.tscam.client.api.LocalizationApi;
import io.tscam.client.api.ModelApi;
import io.tscam.client.model.BatchResponse;
import io.tscam.client.model.BatchResult;
import io.tscam.client.model.LocalizeResponse;
import io.tscam.client.model.ModelInfoResponse;
import io.tscam.client.model.Prediction;
import io.tscam.client.model.ProblemDetail;
import io.tscam.server.testsupport.ServedAsShipped;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every operation of the real app (shipped demo model) through the Java client generated from
 * docs/openapi.json: each answer read whole (written back, it is the JSON the app sent), the
 * batch's answer and problem told apart by the client, and problems read as problems.
 */
@ServedAsShipped
class GeneratedJavaClientTest {

  @LocalServerPort int port;
  @TempDir Path uploads;

  private RawAnswers raw;
  private ApiClient client;
  private LocalizationApi localization;
  private File sample;
  private File undecodable;

  @BeforeEach
  void connect() throws IOException {
    raw = new RawAnswers(port);
    client = JavaClients.forPort(port);
    localization = new LocalizationApi(client);
    sample = Files.copy(RawAnswers.SAMPLE, uploads.resolve("sneaker.png")).toFile();
    undecodable = Files.write(uploads.resolve("broken.png"), RawAnswers.UNDECODABLE).toFile();
  }

  @Test
  void readsTheModel() throws ApiException {
    ModelInfoResponse model = new ModelApi(client).model();

    assertThat(model.getLabels()).hasSize(model.getNumClasses());
    assertThat(JavaClients.asJson(client, model)).isEqualTo(RawAnswers.withoutNulls(raw.model()));
  }

  @Test
  void readsALocalization() throws ApiException {
    LocalizeResponse answer = localize(1, null, null);

    assertThat(answer.getPredictions()).hasSize(1);
    assertThat(answer.getPredictions().get(0).getBox().getX2())
        .isGreaterThan(answer.getPredictions().get(0).getBox().getX1());
    assertThat(JavaClients.asJson(client, answer)).isEqualTo(raw.localize("topk=1"));
  }

  @Test
  void readsEveryObjectBoxAndTheEvidence() throws ApiException {
    LocalizeResponse answer = localize(2, "all", true);

    for (Prediction prediction : answer.getPredictions()) {
      assertThat(prediction.getBoxes()).isNotEmpty();
      assertThat(prediction.getEvidence().getKeep()).isBetween(0.0, 1.0);
    }
    assertThat(answer.getPasses()).isEqualTo(5);
    assertThat(JavaClients.asJson(client, answer))
        .isEqualTo(raw.localize("topk=2&boxes=all&evidence=true"));
  }

  @Test
  void tellsTheBatchAnswerFromTheBatchProblem() throws ApiException {
    BatchResponse batch =
        localization.localizeBatch(
            List.of(sample, undecodable), 1, null, null, null, null, null, null, null);

    assertThat(batch.getResults()).hasSize(2);
    BatchResult answered = batch.getResults().get(0);
    assertThat(answered.getIndex()).isZero();
    assertThat(answered.getStatus()).isEqualTo(200);
    assertThat(answered.getProblem()).isNull();
    assertThat(JavaClients.asJson(client, answered.getAnswer())).isEqualTo(raw.localize("topk=1"));

    BatchResult failed = batch.getResults().get(1);
    assertThat(failed.getIndex()).isEqualTo(1);
    assertThat(failed.getStatus()).isEqualTo(400);
    assertThat(failed.getAnswer()).isNull();
    assertThat(failed.getProblem().getType()).hasToString("urn:tscam:problem:invalid-image");
    assertThat(failed.getProblem().getStatus()).isEqualTo(400);
    assertThat(JavaClients.asJson(client, batch))
        .isEqualTo(raw.batchOfSampleAndUndecodable("topk=1"));
  }

  @Test
  void readsABadParameterAsAProblem() {
    ApiException refused = catchThrowableOfType(ApiException.class, () -> localize(0, null, null));

    assertThat(refused.getCode()).isEqualTo(400);
    ProblemDetail problem = JavaClients.problemOf(client, refused);
    assertThat(problem.getType()).hasToString("urn:tscam:problem:invalid-parameter");
    assertThat(problem.getStatus()).isEqualTo(400);
    assertThat(problem.getTitle()).isNotBlank();
    assertThat(problem.getParameter()).isEqualTo("topk");
    assertThat(JavaClients.asJson(client, problem)).isEqualTo(raw.localize("topk=0"));
  }

  private LocalizeResponse localize(int topK, String boxes, Boolean evidence) throws ApiException {
    return localization.localize(sample, topK, null, null, null, null, null, boxes, null, evidence);
  }
}
