package io.tscam.server;

import io.tscam.server.config.CommandInterruption;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the TS-CAM localization service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TsCamServerApplication {

  /**
   * Serves the API, or runs the command the arguments name ({@code evaluate}, {@code label}, ...:
   * no web server) and exits with its status; see {@link CommandLine}.
   */
  public static void main(String[] args) {
    CommandLine commandLine =
        new CommandLine(
            TsCamServerApplication.class,
            System.out,
            System.err,
            System.console() != null,
            System.getenv(),
            CommandInterruption::onSignals);
    CommandLine.Decision decision = commandLine.decide(args);
    if (decision instanceof CommandLine.Serve serve) {
      OrderlyShutdown.install(
          SpringApplication.run(TsCamServerApplication.class, serve.springArguments()));
    } else if (decision instanceof CommandLine.Exit exit) {
      System.exit(exit.status());
    }
  }
}
