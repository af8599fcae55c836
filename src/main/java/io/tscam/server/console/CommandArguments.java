package io.tscam.server.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A command's arguments as options: "--name value", "--name=value", or a flag alone. */
public final class CommandArguments {

  /**
   * One option as given.
   *
   * @param value null for a flag
   */
  public record Option(String name, String value) {}

  private CommandArguments() {}

  /**
   * Splits the arguments into options, in order.
   *
   * @param flags the options that take no value (e.g. --help)
   * @throws UsageException for an argument that is not an option, or an option without its value
   */
  public static List<Option> parse(String[] args, Set<String> flags) {
    List<Option> options = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (flags.contains(arg)) {
        options.add(new Option(arg, null));
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      if (equals >= 0) {
        options.add(new Option(arg.substring(0, equals), arg.substring(equals + 1)));
      } else if (i + 1 < args.length) {
        options.add(new Option(arg, args[++i]));
      } else {
        throw new UsageException("option " + arg + " needs a value");
      }
    }
    return options;
  }
}
