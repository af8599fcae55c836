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
 * send: bad percent-encoding, oversized header lines.
 */
final class RawHttp {

  private static final int TIMEOUT_MILLIS = 10_000;

  private RawHttp() {}

  /** The server's answer: its status code and the whole text that followed. */
  record Answer(int status, String text) {}

  /**
   * Sends {@code requestLine} (e.g. {@code POST /x HTTP/1.1}), the extra header lines and the body,
   * with {@code Connection: close} so the answer ends where the stream does.
   */
  static Answer exchange(int port, String requestLine, String headers, byte[] body) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      String head =
          requestLine
              + "\r\nHost: localhost\r\nConnection: close\r\nContent-Length: "
              + body.length
              + "\r\n"
              + headers
              + "\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(body);
      out.flush();
      String text = readAll(socket.getInputStream());
      return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Declares a body of {@code declaredLength} bytes, starts with {@code prefix} and keeps sending
   * zeros from another thread while this one reads the answer, as a browser does: a server that
   * refuses early is heard even though it stops reading, and sending stops once it hangs up.
   */
  static Answer upload(
      int port, String requestLine, String headers, byte[] prefix, long declaredLength) {
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      OutputStream out = socket.getOutputStream();
      String head =
          requestLine
              + "\r\nHost: localhost\r\nConnection: close\r\nContent-Length: "
              + declaredLength
              + "\r\n"
              + headers
              + "\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      Thread sender = new Thread(() -> sendUntilRefused(out, prefix, declaredLength), "uploader");
      sender.setDaemon(true);
      sender.start();
      String text = readAll(socket.getInputStream());
      sender.interrupt();
      return new Answer(Integer.parseInt(text.substring(9, 12)), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sendUntilRefused(OutputStream out, byte[] prefix, long length) {
    byte[] zeros = new byte[64 * 1024];
    try {
      out.write(prefix);
      for (long sent = prefix.length;
          sent < length && !Thread.interrupted();
          sent += zeros.length) {
        out.write(zeros, 0, (int) Math.min(zeros.length, length - sent));
      }
      out.flush();
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
