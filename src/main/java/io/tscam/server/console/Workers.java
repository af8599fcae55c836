package io.tscam.server.console;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads a command carries its images on: each holds one image at a time, so that several wait
 * in the batching queue together while memory stays bounded.
 */
public final class Workers {

  private Workers() {}

  /** A fixed pool of daemon threads named name-1, name-2... (a failed run never hangs the JVM). */
  public static ExecutorService daemonPool(int threads, String name) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        task -> {
          Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }

  /** A task's result; a failure of its own is thrown as it is. */
  public static <T> T resultOf(Future<T> task) {
    try {
      return task.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for an image", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure
          ? failure
          : new IllegalStateException("an image failed", e.getCause());
    }
  }
}
