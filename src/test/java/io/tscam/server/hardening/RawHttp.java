package io.tscam.server.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written byte for byte on a socket, for requests no well-behaved client library will
 * send: bad percent-encoding, oversized header lines, a body far over the limit that a server
 * refuses before it ends.
 */
final class RawHttp {

  private static final int TIMEOUT_MILLIS = 10_000;

  private RawHttp() {}

  /** The server's answer: its status code and the whole text that followed. */
  record Answer(int status, String text) {}

  private interface BodyWriter {
    void write(OutputStream out) throws IOException;
  }

  /**
   * Sends {@code requestLine} (e.g. {@code POST /x HTTP/1.1}), the extra header lines (each ending
   * in CRLF) and the body, with {@code Connection: close} so the answer ends where the stream does.
   */
  static Answer exchange(int port, String requestLine, String headers, byte[] body) {
    return send(port, requestLine, headers, body.length, out -> out.write(body));
  }

  /**
   * Declares a body of {@code declaredLength} bytes, starts it with {@code prefix} and goes on with
   * zeros from another thread while this one reads the answer, as a browser does: a server that
   * refuses early is heard although it stops reading, and sending stops once it hangs up.
   */
  static Answer upload(
      int port, String requestLine, String headers, byte[] prefix, long declaredLength) {
    return send(
        port,
        requestLine,
        headers,
        declaredLength,
        out -> {
          Thread sender =
              new Thread(() -> sendUntilRefused(out, prefix, declaredLength), "raw-upload");
          sender.setDaemon(true);
          sender.start();
        });
  }

  private static Answer send(
      int port, String requestLine, String headers, long contentLength, BodyWriter body) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      String head =
          "%s\r\nHost: localhost\r\nConnection: close\r\nContent-Length: %d\r\n%s\r\n"
              .formatted(requestLine, contentLength, headers);
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      body.write(out);
      String text = readAll(socket.getInputStream());
      return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sendUntilRefused(OutputStream out, byte[] prefix, long length) {
    byte[] zeros = new byte[64 * 1024];
    try {
      out.write(prefix);
      for (long sent = prefix.length; sent < length; sent += zeros.length) {
        out.write(zeros, 0, (int) Math.min(zeros.length, length - sent));
      }
    } catch (IOException serverHungUp) {
      // Expected: the server answered and closed the connection before the body ended.
    }
  }

  private static String readAll(InputStream in) throws IOException {
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    in.transferTo(answer);
    return answer.toString(StandardCharsets.UTF_8);
  }
}
