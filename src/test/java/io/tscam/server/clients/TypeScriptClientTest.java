package io.tscam.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.ServedAsShipped;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The TypeScript client (typescript-fetch) that the build generates from docs/openapi.json,
 * compiled with src/test/typescript/client-check.ts (TypeScript pinned there) and run under Node
 * against the real app: it calls GET /model, POST /localize (plain, and with boxes=all and
 * evidence=true), the batch with a good and an undecodable image, and a bad parameter, and prints
 * what it read; that must be the JSON the app sent.
 */
@ServedAsShipped
class TypeScriptClientTest {

  /** Where src/test/typescript/tsconfig.json puts the compiled check. */
  private static final Path CHECK =
      Path.of("target/typescript-client-check/src/test/typescript/client-check.js");

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @LocalServerPort int port;

  @Test
  void theGeneratedClientReadsEveryAnswerAsSent() {
    RawAnswers raw = new RawAnswers(port);
    JsonNode read = runCheck(raw.baseUrl());

    assertSameJson(read.get("model"), RawAnswers.withoutNulls(raw.model()));
    assertSameJson(read.get("answer"), raw.localize("topk=1"));
    assertSameJson(read.get("detailed"), raw.localize("topk=2&boxes=all&evidence=true"));
    assertSameJson(read.get("batch"), raw.batchOfSampleAndUndecodable("topk=1"));
    assertThat(read.at("/batch/results/1/problem/type").asString())
        .isEqualTo("urn:tscam:problem:invalid-image");
    assertSameJson(read.get("problem"), raw.localize("topk=0"));
    assertThat(read.at("/problem/type").asString())
        .isEqualTo("urn:tscam:problem:invalid-parameter");
  }

  private static void assertSameJson(JsonNode read, JsonNode sent) {
    assertThat(RawAnswers.sameJson(read, sent)).as("read%n%s%nsent%n%s", read, sent).isTrue();
  }

  private static JsonNode runCheck(String baseUrl) {
    NodeTools.install();
    NodeTools.Run compile =
        NodeTools.run(
            NodeTools.PACKAGE,
            TIMEOUT,
            List.of("node", "node_modules/typescript/bin/tsc", "--project", "tsconfig.json"));
    assertThat(compile.succeeded())
        .as("the generated client compiles: %s", compile.output())
        .isTrue();

    NodeTools.Run check =
        NodeTools.run(
            Path.of("."),
            TIMEOUT,
            List.of("node", CHECK.toString(), baseUrl, RawAnswers.SAMPLE.toString()));
    assertThat(check.succeeded()).as("the check runs: %s", check.output()).isTrue();
    return RawAnswers.parse(check.stdout());
  }
}
