package io.tscam.server.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs the app's main class in a JVM of its own, the way an operator runs the
 * jar: the same Java as the tests, on the tests' class path.
 */
public final class JvmCommand {

  private static final String MAIN_CLASS = "io.tscam.server.TsCamServerApplication";

  private JvmCommand() {}

  /**
   * @param maxHeap the -Xmx value, e.g. "512m"
   * @param arguments what follows the main class: a command and its options, or Spring options
   */
  public static List<String> of(String maxHeap, List<String> arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Quick JIT and a small heap: these runs are short and share the machine. A crash report
    // goes to the temp folder, not into the working tree.
    command.addAll(
        List.of(
            "-XX:TieredStopAtLevel=1",
            "-Xmx" + maxHeap,
            "-XX:ErrorFile=" + Path.of(System.getProperty("java.io.tmpdir"), "tscam-hs_err_%p.log"),
            "-cp",
            System.getProperty("java.class.path"),
            MAIN_CLASS));
    command.addAll(arguments);
    return command;
  }
}
