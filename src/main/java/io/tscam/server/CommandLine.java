package io.tscam.server;

import io.tscam.server.config.CommandInterruption;
import io.tscam.server.evaluation.EvaluationCommand;
import io.tscam.server.labelling.LabelCommand;
import io.tscam.server.labelling.MergeCommand;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The jar's command line: {@code serve} (the default: no command, or only --spring.options), {@code
 * evaluate}, {@code label}, {@code label merge}, {@code --help}. Anything else is an error with the
 * usage and exit status 2, never a server started by mistake.
 */
final class CommandLine {

  static final int EXIT_OK = 0;
  static final int EXIT_USAGE = 2;

  static final String SERVE = "serve";
  static final String MERGE = "merge";

  static final String USAGE =
      """
      usage: java -jar tscam-server.jar [COMMAND] [OPTIONS]

      commands:
        serve [--property=value ...]   the HTTP API (the default when no command is given);
                                       options are Spring properties, e.g. --server.port=8080
        evaluate --dataset DIR ...     WSOL metrics of the model over a CUB-layout dataset
        label --images D --out DIR ... pseudo-label a dataset (or one shard of it) as COCO
        label merge --out DIR          join the parts of a sharded label run into one COCO file
        --help                         this text; COMMAND --help tells a command's options
      """;

  private static final List<String> COMMANDS =
      List.of(SERVE, EvaluationCommand.NAME, LabelCommand.NAME);

  /** What a command line asks for: the server with Spring's arguments, or a command's exit. */
  sealed interface Decision {}

  /** Start the HTTP API with these arguments. */
  record Serve(String[] springArguments) implements Decision {}

  /** A command ran (or the line was wrong): exit with this status. */
  record Exit(int status) implements Decision {}

  private final Class<?> application;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private final Map<String, String> environment;
  private final Supplier<CommandInterruption> interruptions;

  /**
   * @param interruptions what a command that drives the pipeline learns of SIGINT/SIGTERM from:
   *     {@link CommandInterruption#onSignals()} in the jar, a signal-free one where a test embeds
   *     the command line
   */
  CommandLine(
      Class<?> application,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      Map<String, String> environment,
      Supplier<CommandInterruption> interruptions) {
    this.application = application;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.environment = environment;
    this.interruptions = interruptions;
  }

  /** Runs the command the line names, or says to serve. */
  Decision decide(String... args) {
    if (args.length == 0 || (isSpringOption(args[0]))) {
      return new Serve(args);
    }
    String command = args[0];
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (command) {
      case "--help", "-h", "help" -> {
        out.print(USAGE);
        yield new Exit(EXIT_OK);
      }
      case SERVE -> serve(rest);
      case EvaluationCommand.NAME ->
          new Exit(
              new EvaluationCommand(application, out, err, terminal, interruptions.get())
                  .run(rest));
      case LabelCommand.NAME ->
          rest.length > 0 && rest[0].equals(MERGE)
              ? new Exit(new MergeCommand(out, err).run(Arrays.copyOfRange(rest, 1, rest.length)))
              : new Exit(
                  new LabelCommand(
                          application, out, err, terminal, environment, interruptions.get())
                      .run(rest));
      default -> usageError("unknown command '" + command + "'" + suggestion(command));
    };
  }

  /** "--name=value" and "--name value" are Spring's; --help is ours. */
  private static boolean isSpringOption(String arg) {
    return arg.startsWith("--") && !arg.equals("--help");
  }

  private Decision serve(String[] springArguments) {
    for (String arg : springArguments) {
      if (arg.equals("--help") || arg.equals("-h")) {
        out.print(USAGE);
        return new Exit(EXIT_OK);
      }
    }
    if (springArguments.length > 0 && !springArguments[0].startsWith("--")) {
      return usageError(
          "serve takes Spring options (--name=value), not '" + springArguments[0] + "'");
    }
    return new Serve(springArguments);
  }

  private Decision usageError(String message) {
    err.println(message);
    err.print(USAGE);
    err.flush();
    return new Exit(EXIT_USAGE);
  }

  /** " (did you mean evaluate?)" for a command one or two edits away from a real one. */
  private static String suggestion(String command) {
    return COMMANDS.stream()
        .filter(known -> editDistance(command, known) <= 2)
        .findFirst()
        .map(known -> " (did you mean " + known + "?)")
        .orElse("");
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
