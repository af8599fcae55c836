package io.tscam.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.config.CommandInterruption;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The jar's command line decides without starting anything it was not asked for. */
class CommandLineTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final CommandLine commandLine =
      new CommandLine(
          TsCamServerApplication.class,
          new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8),
          false,
          Map.of(),
          CommandInterruption::new);

  @Test
  void noCommandOrSpringOptionsServeAsBefore() {
    assertThat(serveArguments()).isEmpty();
    assertThat(serveArguments("--server.port=0", "--tscam.model.dir=x"))
        .containsExactly("--server.port=0", "--tscam.model.dir=x");
    assertThat(serveArguments("serve", "--server.port=0")).containsExactly("--server.port=0");
  }

  @Test
  void helpListsTheCommands() {
    for (String help : new String[] {"--help", "-h", "help"}) {
      assertThat(commandLine.decide(help)).isEqualTo(new CommandLine.Exit(0));
    }
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("serve", "evaluate --dataset", "label --images", "label merge --out DIR");
    assertThat(commandLine.decide("serve", "--help")).isEqualTo(new CommandLine.Exit(0));
  }

  @Test
  void anUnknownOrMisspeltCommandIsAUsageErrorNotAServer() {
    assertThat(commandLine.decide("evalute", "--dataset", "x")).isEqualTo(new CommandLine.Exit(2));
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("unknown command 'evalute' (did you mean evaluate?)")
        .contains("usage: java -jar tscam-server.jar");
    assertThat(commandLine.decide("frobnicate")).isEqualTo(new CommandLine.Exit(2));
    assertThat(commandLine.decide("serve", "extra")).isEqualTo(new CommandLine.Exit(2));
  }

  @Test
  void commandsGetTheirOwnHelp() {
    assertThat(commandLine.decide("label", "--help")).isEqualTo(new CommandLine.Exit(0));
    assertThat(commandLine.decide("label", "merge", "--help")).isEqualTo(new CommandLine.Exit(0));
    assertThat(commandLine.decide("evaluate", "--help")).isEqualTo(new CommandLine.Exit(0));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("usage: label --images", "usage: label merge --out DIR", "usage: evaluate");
    assertThat(commandLine.decide("label", "merge")).isEqualTo(new CommandLine.Exit(2));
  }

  private String[] serveArguments(String... args) {
    CommandLine.Decision decision = commandLine.decide(args);
    assertThat(decision).isInstanceOf(CommandLine.Serve.class);
    return ((CommandLine.Serve) decision).springArguments();
  }
}
