package io.tscam.server.web;

import java.io.IOException;
import java.time.Duration;
import org.apache.coyote.ActionCode;
import org.apache.coyote.InputBuffer;
import org.apache.coyote.Request;
import org.apache.tomcat.util.net.ApplicationBufferHandler;

/**
 * One request's body, read through Tomcat's own input buffer, with a total deadline: a read that
 * starts or ends past it fails with {@link UploadTimeoutException}. Tomcat's connection timeout
 * bounds only the wait for each next byte, so a client sending one byte every few seconds would
 * otherwise hold its thread and its upload slot for as long as it liked. Past the deadline Tomcat
 * is told not to drain the rest of the body (it would wait for the trickle again): the answer is
 * written and the connection closed.
 */
final class BodyDeadline implements InputBuffer {

  private final InputBuffer body;
  private final Request request;
  private final Duration timeout;
  private final long deadlineNanos;
  private final Runnable onExpiry;
  private boolean ended;
  private boolean expired;

  BodyDeadline(InputBuffer body, Request request, Duration timeout, Runnable onExpiry) {
    this.body = body;
    this.request = request;
    this.timeout = timeout;
    this.deadlineNanos = System.nanoTime() + timeout.toNanos();
    this.onExpiry = onExpiry;
  }

  @Override
  public int doRead(ApplicationBufferHandler handler) throws IOException {
    if (!ended) {
      check();
    }
    int read = body.doRead(handler);
    if (read < 0) {
      ended = true;
    } else {
      check();
    }
    return read;
  }

  @Override
  public int available() {
    return body.available();
  }

  private void check() throws UploadTimeoutException {
    if (expired || System.nanoTime() - deadlineNanos >= 0) {
      if (!expired) {
        expired = true;
        request.action(ActionCode.DISABLE_SWALLOW_INPUT, null);
        onExpiry.run();
      }
      throw new UploadTimeoutException(timeout);
    }
  }
}
