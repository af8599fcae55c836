package io.tscam.server.clients;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docs/openapi.json (the served API description, see {@link ApiDescriptionFileTest}) passes
 * Redocly's recommended ruleset ({@code redocly lint}, CLI pinned in src/test/typescript) with no
 * error. Warnings do not fail it; they are printed with the test's output.
 */
class ApiDescriptionLintTest {

  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  @Test
  void hasNoErrorUnderRedoclysRecommendedRules() {
    NodeTools.install();

    NodeTools.Run lint =
        NodeTools.run(
            Path.of("."),
            TIMEOUT,
            List.of(
                "node",
                NodeTools.PACKAGE.resolve("node_modules/@redocly/cli/bin/cli.js").toString(),
                "lint",
                "--extends=recommended",
                "--format=stylish",
                ApiDescriptionFileTest.FILE.toString()));

    System.out.println(lint.output());
    assertThat(lint.succeeded()).as(lint.output()).isTrue();
  }
}
