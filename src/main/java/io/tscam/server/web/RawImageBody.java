package io.tscam.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An image sent as the whole request body ({@code Content-Type: image/jpeg} and the like), read
 * within the same size limit as a multipart image part. No boundary to scan for: on a 12 MP photo,
 * multipart parsing took more CPU than everything else the JVM threads did for the request.
 */
final class RawImageBody {

  /** The content types taken as an image body; the format is still sniffed from the bytes. */
  static final List<String> CONTENT_TYPES =
      List.of(
          MediaType.IMAGE_JPEG_VALUE,
          MediaType.IMAGE_PNG_VALUE,
          MediaType.IMAGE_GIF_VALUE,
          "image/bmp",
          MediaType.APPLICATION_OCTET_STREAM_VALUE);

  private final long maxBytes;

  RawImageBody(DataSize maxSize) {
    this.maxBytes = maxSize.toBytes();
  }

  /**
   * The body's bytes; refused with 413 from a declared length over the limit before anything is
   * read, or as soon as more bytes than the limit have arrived. A body without any Content-Type is
   * refused (415) rather than taken for octet-stream, as Spring would: an upload says what it is.
   */
  byte[] read(HttpServletRequest request) throws IOException, HttpMediaTypeNotSupportedException {
    if (request.getContentType() == null) {
      throw new HttpMediaTypeNotSupportedException(
          (MediaType) null, CONTENT_TYPES.stream().map(MediaType::parseMediaType).toList());
    }
    if (request.getContentLengthLong() > maxBytes) {
      throw new MaxUploadSizeExceededException(maxBytes);
    }
    byte[] bytes = readAtMost(request.getInputStream(), maxBytes + 1);
    if (bytes.length > maxBytes) {
      throw new MaxUploadSizeExceededException(maxBytes);
    }
    return bytes;
  }

  /** Tomcat reports a failed read as the client's abort; a deadline that passed is ours to say. */
  private static byte[] readAtMost(InputStream body, long count) throws IOException {
    try {
      return body.readNBytes(Math.toIntExact(count));
    } catch (IOException e) {
      throw e.getCause() instanceof UploadTimeoutException timedOut ? timedOut : e;
    }
  }
}
