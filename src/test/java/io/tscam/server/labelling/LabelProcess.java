package io.tscam.server.labelling;

import io.tscam.server.testsupport.JvmCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The jar's command line as its own JVM, started the way an operator (or a Kubernetes pod) runs it:
 * main class and arguments, an environment, an exit status, and SIGKILL.
 */
final class LabelProcess implements AutoCloseable {

  private final Process process;
  private final Path log;

  private LabelProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the main class with these arguments; the output goes to a file in {@code logs}. */
  static LabelProcess start(Path logs, Map<String, String> environment, String... arguments) {
    List<String> command = JvmCommand.of("384m", List.of(arguments));
    try {
      Files.createDirectories(logs);
      Path log = Files.createTempFile(logs, "label-", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().remove(Shard.JOB_COMPLETION_INDEX);
      builder.environment().putAll(environment);
      return new LabelProcess(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a finished run printed and answered. */
  record Finished(int status, String output) {}

  /** Runs to the end. */
  static Finished run(Path logs, Map<String, String> environment, String... arguments)
      throws InterruptedException {
    try (LabelProcess process = start(logs, environment, arguments)) {
      int status = process.awaitExit(Duration.ofMinutes(3));
      return new Finished(status, process.output());
    }
  }

  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("still running after " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no flush, as the kernel's OOM killer or a lost node stops a pod. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** SIGTERM, as Kubernetes stops a pod (a deleted Job, a drained node, a preemption). */
  void terminate() {
    process.destroy();
  }

  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
