package io.tscam.server;

import io.tscam.server.config.CommandInterruption;
import io.tscam.server.evaluation.EvaluationCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the TS-CAM localization service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TsCamServerApplication {

  /**
   * Serves the API, or with {@code evaluate ...} as the first arguments runs the evaluation command
   * (no web server) and exits with its status.
   */
  public static void main(String[] args) {
    if (EvaluationCommand.isInvokedBy(args)) {
      EvaluationCommand command =
          new EvaluationCommand(
              TsCamServerApplication.class,
              System.out,
              System.err,
              System.console() != null,
              CommandInterruption.onSignals());
      System.exit(command.run(Arrays.copyOfRange(args, 1, args.length)));
    }
    OrderlyShutdown.install(SpringApplication.run(TsCamServerApplication.class, args));
  }
}
