package io.tscam.server.hardening;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An upload whose body the test sends at its own pace over a socket: the request head at once, then
 * the body a few bytes at a time, as a slow mobile link or a slowloris client does. The answer is
 * read from the moment the head is sent, so an answer the server gives before the body ends (and
 * the connection it then closes) is seen as it comes.
 */
final class PacedUpload implements AutoCloseable {

  /** What came back: the status and text of the answer, or {@link #CLOSED} without one. */
  record Answer(int status, String text) {

    boolean closedWithoutAnswer() {
      return status == CLOSED;
    }
  }

  /** The status of an answer that never came: the server closed or reset the connection. */
  static final int CLOSED = -1;

  private final Socket socket;
  private final OutputStream out;
  private final CompletableFuture<Answer> answer = new CompletableFuture<>();

  private PacedUpload(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    Thread reader = new Thread(this::readAnswer, "paced-upload-answer");
    reader.setDaemon(true);
    reader.start();
  }

  /** Sends the head of a POST declaring a body of {@code length} bytes, and nothing of the body. */
  static PacedUpload start(int port, String path, String contentType, long length) {
    try {
      Socket socket = new Socket("localhost", port);
      String head =
          ("POST %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: %s\r\n"
                  + "Content-Length: %d\r\n\r\n")
              .formatted(path, contentType, length);
      socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
      return new PacedUpload(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends more of the body; false once the server has answered or hung up. */
  boolean send(byte[] bytes, int offset, int length) {
    if (answer.isDone()) {
      return false;
    }
    try {
      out.write(bytes, offset, length);
      out.flush();
      return true;
    } catch (IOException serverHungUp) {
      return false;
    }
  }

  boolean send(byte[] bytes) {
    return send(bytes, 0, bytes.length);
  }

  boolean answered() {
    return answer.isDone();
  }

  /** The answer, waiting at most {@code seconds} for it. */
  Answer answer(long seconds) throws Exception {
    return answer.get(seconds, TimeUnit.SECONDS);
  }

  private void readAnswer() {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try {
      socket.getInputStream().transferTo(text);
    } catch (IOException reset) {
      // The server reset the connection: what arrived before, if anything, is the answer.
    }
    String received = text.toString(StandardCharsets.UTF_8);
    answer.complete(
        received.startsWith("HTTP/1.1 ")
            ? new Answer(Integer.parseInt(received.substring(9, 12)), received)
            : new Answer(CLOSED, received));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
