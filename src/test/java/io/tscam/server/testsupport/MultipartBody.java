package io.tscam.server.testsupport;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * A multipart/form-data body built part by part, for every test that uploads: raw enough to also
 * build the malformed and oversized uploads a hostile client sends.
 */
public final class MultipartBody {

  private final String boundary = UUID.randomUUID().toString();
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** Adds a file part; the part's own content type is whatever the client claims. */
  public MultipartBody file(String name, String filename, String contentType, byte[] content) {
    return part(
        "Content-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\nContent-Type: %s"
            .formatted(name, filename, contentType),
        content);
  }

  /** The opening of a file part, for a body that the caller streams on after it. */
  public byte[] fileOpening(String name, String filename) {
    return ("--%s\r\nContent-Disposition: form-data; name=\"%s\"; filename=\"%s\"\r\n\r\n"
            .formatted(boundary, name, filename))
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** Adds a plain form field. */
  public MultipartBody field(String name, String value) {
    return part(
        "Content-Disposition: form-data; name=\"%s\"".formatted(name),
        value.getBytes(StandardCharsets.UTF_8));
  }

  private MultipartBody part(String headers, byte[] content) {
    ascii("--" + boundary + "\r\n" + headers + "\r\n\r\n");
    bytes.writeBytes(content);
    ascii("\r\n");
    return this;
  }

  /** The body so far, closed by the final boundary. */
  public byte[] toByteArray() {
    ByteArrayOutputStream closed = new ByteArrayOutputStream();
    closed.writeBytes(bytes.toByteArray());
    closed.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return closed.toByteArray();
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** A POST of this body to {@code uri}. */
  public HttpRequest post(URI uri) {
    return postBuilder(uri).build();
  }

  /** The same POST, for a caller that adds headers (e.g. Accept). */
  public HttpRequest.Builder postBuilder(URI uri) {
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", contentType())
        .POST(HttpRequest.BodyPublishers.ofByteArray(toByteArray()));
  }

  private void ascii(String text) {
    bytes.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
  }
}
