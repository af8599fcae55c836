package io.tscam.server;

import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGTERM and SIGINT close the application context (graceful shutdown: in-flight requests finish,
 * the batching queue drains, the ONNX session closes) before the JVM runs its exit hooks.
 *
 * <p>Why not Spring's shutdown hook alone: ONNX Runtime's Java binding registers its own JVM
 * shutdown hook that releases the native environment, and the JVM runs hooks concurrently. A
 * SIGTERM under load would release the environment while queued requests still run the session: a
 * SIGSEGV that kills the JVM and drops every accepted request (microsoft/onnxruntime#31352).
 */
final class OrderlyShutdown {

  /** The exit status a JVM ends with when a signal stops it. */
  private static final int SIGNAL_EXIT_BASE = 128;

  private OrderlyShutdown() {}

  static void install(ConfigurableApplicationContext context) {
    SignalHandler closeThenExit =
        signal -> {
          // Not a daemon (the signal thread is one): once the context is closed, the JVM must not
          // end on its own, with status 0, before this exits with the signal's status.
          Thread closer =
              new Thread(
                  () -> {
                    context.close();
                    System.exit(SIGNAL_EXIT_BASE + signal.getNumber());
                  },
                  "orderly-shutdown");
          closer.setDaemon(false);
          closer.start();
        };
    Signal.handle(new Signal("TERM"), closeThenExit);
    Signal.handle(new Signal("INT"), closeThenExit);
  }
}
