package io.tscam.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.ServedAsShipped;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/openapi.json, from which the build generates the clients that the other tests here run, is
 * the API description the app serves at /v3/api-docs (security mode none, the default). After a
 * change to the API, write the served one over it:
 *
 * <pre>mvn test -DskipPythonTests -Dtest=ApiDescriptionFileTest -Dtscam.openapi.refresh=true</pre>
 */
@ServedAsShipped
class ApiDescriptionFileTest {

  static final Path FILE = Path.of("docs/openapi.json");
  private static final String REFRESH = "tscam.openapi.refresh";
  private static final JsonMapper JSON = new JsonMapper();

  /** Two-space indents, one array item per line, {@code "name": value}: easy to diff. */
  private static final DefaultPrettyPrinter READABLE =
      new DefaultPrettyPrinter()
          .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE)
          .withSeparators(
              Separators.createDefaultInstance()
                  .withObjectNameValueSpacing(Separators.Spacing.AFTER));

  @LocalServerPort int port;

  @Test
  void theCommittedDescriptionIsTheServedOne() throws IOException {
    JsonNode served = new RawAnswers(port).description();
    if (Boolean.getBoolean(REFRESH)) {
      Files.writeString(
          FILE,
          JSON.writer().with(READABLE).writeValueAsString(served) + "\n",
          StandardCharsets.UTF_8);
    }

    assertThat(JSON.readTree(Files.readString(FILE)))
        .as(
            "%s differs from what the app serves at /v3/api-docs; refresh it with mvn test"
                + " -DskipPythonTests -Dtest=ApiDescriptionFileTest -D%s=true",
            FILE, REFRESH)
        .isEqualTo(served);
  }
}
