package io.tscam.server.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tscam.client.ApiClient;
import io.tscam.client.ApiException;
import io.tscam.client.api.ModelApi;
import io.tscam.client.model.ProblemDetail;
import io.tscam.server.testsupport.ServedWithApiKeys;
import io.tscam.server.testsupport.TestApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The generated Java client against the app in api-key mode: refusals read as problems. */
@ServedWithApiKeys
class GeneratedJavaClientWithApiKeysTest {

  @LocalServerPort int port;

  @Test
  void readsAMissingKeyAsA401Problem() {
    ApiClient anonymous = JavaClients.forPort(port);
    ApiException refused =
        catchThrowableOfType(ApiException.class, () -> new ModelApi(anonymous).model());

    assertThat(refused.getCode()).isEqualTo(401);
    ProblemDetail problem = JavaClients.problemOf(anonymous, refused);
    assertThat(problem.getType()).hasToString("urn:tscam:problem:unauthenticated");
    assertThat(problem.getStatus()).isEqualTo(401);
    assertThat(problem.getTitle()).isNotBlank();
  }

  @Test
  void isServedWithAKey() throws ApiException {
    ApiClient client = JavaClients.withHeader(port, "X-API-Key", TestApiKeys.PLAIN_KEY);

    assertThat(new ModelApi(client).model().getNumClasses()).isPositive();
  }
}
