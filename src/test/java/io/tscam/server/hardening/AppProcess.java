package io.tscam.server.hardening;

import io.tscam.server.testsupport.JvmCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service as its own JVM, started the way an operator starts it (main class and arguments), so
 * exit codes, signals and what it prints can be observed from outside.
 */
final class AppProcess implements AutoCloseable {

  private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

  private final Process process;
  private final int managementPort;
  private final Thread reader;
  private final List<String> output = new ArrayList<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();

  private AppProcess(Process process, int managementPort) {
    this.process = process;
    this.managementPort = managementPort;
    this.reader = new Thread(this::collectOutput, "app-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the app on this test's class path with the given Spring arguments, its management port
   * on a free port chosen here (so that its Tomcat is told apart from the API's).
   */
  static AppProcess start(String... arguments) {
    int managementPort = freePort();
    List<String> springArguments = new ArrayList<>();
    springArguments.add("--management.server.port=" + managementPort);
    springArguments.addAll(List.of(arguments));
    return launch(managementPort, springArguments);
  }

  /** Runs a command of the app's jar ({@code evaluate ...}) as an operator types it. */
  static AppProcess command(String... arguments) {
    return launch(-1, List.of(arguments));
  }

  private static AppProcess launch(int managementPort, List<String> arguments) {
    List<String> command = JvmCommand.of("512m", arguments);
    try {
      return new AppProcess(
          new ProcessBuilder(command).redirectErrorStream(true).start(), managementPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void collectOutput() {
    try (BufferedReader lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        record(line);
      }
    } catch (IOException streamClosed) {
      // The process is gone; what it printed until then is kept.
    } finally {
      port.completeExceptionally(new IllegalStateException("the app exited before listening"));
    }
  }

  private synchronized void record(String line) {
    output.add(line);
    Matcher started = STARTED.matcher(line);
    if (started.find() && Integer.parseInt(started.group(1)) != managementPort) {
      port.complete(Integer.parseInt(started.group(1)));
    }
  }

  /**
   * Waits until the readiness probe says UP (model loaded and warmed up, which comes after Tomcat
   * listens); answers the HTTP port.
   */
  int awaitReady(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    int listening = awaitPort(timeout);
    LocalizeClient probe = new LocalizeClient(managementPort);
    while (!ready(probe)) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new AssertionError("app not ready; its output:\n" + String.join("\n", output()));
      }
      Thread.sleep(200);
    }
    return listening;
  }

  /** The management port opens after the API's, so a refused connection means not yet. */
  private static boolean ready(LocalizeClient probe) {
    try {
      return probe.get("/actuator/health/readiness").statusCode() == 200;
    } catch (UncheckedIOException notListeningYet) {
      return false;
    }
  }

  private int awaitPort(Duration timeout) throws InterruptedException {
    try {
      return port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("app not listening; its output:\n" + String.join("\n", output()), e);
    }
  }

  /** Waits until the app has printed a line containing {@code text}. */
  void awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (output().stream().noneMatch(line -> line.contains(text))) {
      if (System.nanoTime() > deadline || !process.isAlive()) {
        throw new AssertionError(
            "no line with '" + text + "'; the app's output:\n" + String.join("\n", output()));
      }
      Thread.sleep(50);
    }
  }

  /** Waits for the process to end and answers its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the app is still running after " + timeout);
    }
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  /**
   * SIGTERM, as an orchestrator stops a container. Sent through the process handle because {@link
   * Process#destroy()} also closes the output pipe, losing what the app prints while it stops.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  synchronized List<String> output() {
    return List.copyOf(output);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
