package io.tscam.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A model URL that cannot be fetched stops the app like a broken package: one line, exit 1. */
class ModelUrlFaultTest {

  @Test
  void anUnreachableModelUrlExitsNonZeroWithOneLineNamingUrlAndCause() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "http://127.0.0.1:" + closedPort + "/models/cub.tar.gz";

    try (AppProcess app = AppProcess.start("--tscam.model.url=" + url, "--server.port=0")) {
      int status = app.awaitExit(Duration.ofMinutes(2));

      List<String> output = app.output();
      assertThat(status).as(String.join("\n", output)).isNotZero();
      assertThat(output)
          .filteredOn(line -> line.startsWith("The model package cannot be served: "))
          .singleElement()
          .asString()
          .contains("model URL " + url + ": host unreachable");
      assertThat(output).noneMatch(line -> line.contains("Tomcat started"));
      assertThat(output).noneMatch(line -> line.startsWith("\tat "));
    }
  }
}
