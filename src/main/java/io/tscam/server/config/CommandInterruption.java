package io.tscam.server.config;

import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ConfigurableApplicationContext;
import sun.misc.Signal;

/**
 * SIGINT and SIGTERM during a command that drives the pipeline from the command line ({@code
 * evaluate}, and any other): the command's application context is closed, as the server's is, so
 * the batching queue finishes the batches it holds and refuses every later image with {@link
 * io.tscam.server.inference.ShuttingDownException}. The command, failing on that, asks {@link
 * #interrupted()}, says so ({@link #describe()}) and exits with {@link #exitStatus()}, 128 + the
 * signal's number, as a shell reports a process a signal stopped.
 *
 * <p>Why not the JVM's default: it starts the shutdown hooks at once, and ONNX Runtime's hook
 * releases the native environment while queued images still run the session (see the server's
 * OrderlyShutdown); and the JVM then halts before the command can say why it stopped.
 */
public final class CommandInterruption {

  private static final int SIGNAL_EXIT_BASE = 128;

  private final AtomicReference<ConfigurableApplicationContext> pipeline = new AtomicReference<>();
  private volatile Signal received;

  /** One that no signal reaches until {@link #onSignals()}: for callers embedding a command. */
  public CommandInterruption() {}

  /** Takes SIGINT and SIGTERM over for the rest of the JVM's life. */
  public static CommandInterruption onSignals() {
    CommandInterruption interruption = new CommandInterruption();
    Signal.handle(new Signal("INT"), interruption::receive);
    Signal.handle(new Signal("TERM"), interruption::receive);
    return interruption;
  }

  /** The context a signal closes from now on: the one the command's pipeline runs in. */
  public void closesOnSignal(ConfigurableApplicationContext context) {
    pipeline.set(context);
  }

  /** Whether a signal has arrived: what makes a failure of the command an interruption. */
  public boolean interrupted() {
    return received != null;
  }

  /** 128 + the signal's number; only once {@link #interrupted()}. */
  public int exitStatus() {
    return SIGNAL_EXIT_BASE + received.getNumber();
  }

  /** What the command prints: "interrupted by SIGTERM"; only once {@link #interrupted()}. */
  public String describe() {
    return "interrupted by SIG" + received.getName();
  }

  private void receive(Signal signal) {
    received = signal;
    ConfigurableApplicationContext context = pipeline.get();
    if (context == null) {
      // Nothing started that must be stopped in order: stop as the JVM would have.
      System.exit(exitStatus());
    }
    // Not on the signal thread, which must return; closing waits for the queue to drain.
    new Thread(context::close, "command-interruption").start();
  }
}
