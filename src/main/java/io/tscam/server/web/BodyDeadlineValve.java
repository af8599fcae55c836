package io.tscam.server.web;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.ServletException;
import java.io.IOException;
import java.time.Duration;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.InputBuffer;

/**
 * Puts every request's body behind its {@link BodyDeadline}, counted from the moment its headers
 * were read, and takes it away when the request ends (Tomcat reuses the input buffer for the
 * connection's next request). A Tomcat valve, because the multipart parser reads the body from
 * Tomcat's own buffer, past anything a servlet filter could wrap.
 */
final class BodyDeadlineValve extends ValveBase {

  private final Duration timeout;
  private final Counter expired;

  BodyDeadlineValve(Duration timeout, Counter expired) {
    super(true);
    this.timeout = timeout;
    this.expired = expired;
  }

  @Override
  public void invoke(Request request, Response response) throws IOException, ServletException {
    org.apache.coyote.Request coyote = request.getCoyoteRequest();
    InputBuffer body = coyote.getInputBuffer();
    coyote.setInputBuffer(new BodyDeadline(body, coyote, timeout, () -> expire(request)));
    try {
      getNext().invoke(request, response);
    } finally {
      coyote.setInputBuffer(body);
    }
  }

  private void expire(Request request) {
    expired.increment();
    request.setAttribute(UploadTimeoutException.ATTRIBUTE, Boolean.TRUE);
  }
}
