package io.tscam.server.web.upload;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;

/**
 * Reads a multipart/form-data body (RFC 7578, RFC 2046's framing) from a stream through one 64 KiB
 * buffer: the preamble is skipped, each part's header block parsed and its content copied out up to
 * the next delimiter, and the epilogue after the closing delimiter left unread. Every limit is
 * checked as the bytes arrive, so an oversized upload is refused without reading it all.
 */
final class MultipartBodyReader {

  /**
   * RFC 2046 allows 70 characters; Tomcat took any boundary its buffer held, so this is lenient.
   */
  private static final int MAX_BOUNDARY_LENGTH = 1000;

  private static final int BUFFER_BYTES = 64 * 1024;
  private static final byte[] BLANK_LINE = {'\r', '\n', '\r', '\n'};
  private static final DelimiterSearch END_OF_HEADERS = new DelimiterSearch(BLANK_LINE);

  private final InputStream body;
  private final DelimiterSearch delimiter;
  private final MultipartLimits limits;
  private final Path uploadFolder;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private int head;
  private int tail;
  private long received;
  private int parts;
  private long fieldBytes;

  MultipartBodyReader(
      InputStream body, String boundary, MultipartLimits limits, Path uploadFolder) {
    if (boundary.isEmpty() || boundary.length() > MAX_BOUNDARY_LENGTH) {
      throw new MultipartException("the multipart boundary is empty or too long");
    }
    this.body = body;
    this.delimiter =
        new DelimiterSearch(("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1));
    this.limits = limits;
    this.uploadFolder = uploadFolder;
    // The body opens with the first boundary line, not after a line break: reading it as if one
    // came first lets the first delimiter be found like every other.
    buffer[tail++] = '\r';
    buffer[tail++] = '\n';
  }

  /** Reads every part into {@code into}, which owns each one as soon as it is complete. */
  void readInto(ReceivedParts into) throws IOException {
    if (!skipPreamble()) {
      return;
    }
    while (!closingDelimiter()) {
      countPart();
      PartHeaders headers = readHeaders();
      PartContent content = new PartContent(sizeLimit(headers), threshold(headers), uploadFolder);
      try {
        copyToDelimiter(content);
      } catch (IOException | RuntimeException failed) {
        content.discard();
        throw failed;
      }
      countField(headers, content.size());
      if (headers.named()) {
        into.add(headers, content.finish(headers));
      } else {
        content.discard();
      }
    }
  }

  /** Reads past the first delimiter; false when there is none: a body of no parts, as in Tomcat. */
  private boolean skipPreamble() throws IOException {
    while (true) {
      int found = delimiter.indexIn(buffer, head, tail);
      if (found >= 0) {
        head = found + delimiter.length();
        return true;
      }
      head = Math.max(head, tail - delimiter.length() + 1);
      if (!fill()) {
        return false;
      }
    }
  }

  /** After a delimiter: "--" closes the body, a line break opens another part. */
  private boolean closingDelimiter() throws IOException {
    if (!require(2)) {
      throw new MultipartException("the multipart body ends after a boundary, without '--'");
    }
    byte first = buffer[head];
    byte second = buffer[head + 1];
    head += 2;
    if (first == '-' && second == '-') {
      return true;
    }
    if (first == '\r' && second == '\n') {
      return false;
    }
    throw new MultipartException("a multipart boundary is followed by unexpected characters");
  }

  private void countPart() {
    parts++;
    if (MultipartLimits.exceeds(parts, limits.maxParts())) {
      throw new MaxUploadSizeExceededException(limits.maxPartBytes());
    }
  }

  private void countField(PartHeaders headers, long size) {
    if (!headers.isFile()) {
      fieldBytes += size;
    }
  }

  /** The header block up to its blank line; an empty block is the blank line alone. */
  private PartHeaders readHeaders() throws IOException {
    int maxBlock = limits.maxPartHeaderBytes() < 0 ? BUFFER_BYTES : limits.maxPartHeaderBytes();
    if (!require(2)) {
      throw new MultipartException("the multipart body ends inside a part's headers");
    }
    if (buffer[head] == '\r' && buffer[head + 1] == '\n') {
      head += 2;
      return PartHeaders.parse(buffer, head, head);
    }
    while (true) {
      int end = END_OF_HEADERS.indexIn(buffer, head, tail);
      int blockLength = (end >= 0 ? end + BLANK_LINE.length : tail) - head;
      if (blockLength > maxBlock || (end < 0 && blockLength >= BUFFER_BYTES)) {
        throw new MaxUploadSizeExceededException(limits.maxPartBytes());
      }
      if (end >= 0) {
        PartHeaders headers = PartHeaders.parse(buffer, head, end);
        head = end + BLANK_LINE.length;
        return headers;
      }
      if (!fill()) {
        throw new MultipartException("the multipart body ends inside a part's headers");
      }
    }
  }

  private void copyToDelimiter(PartContent content) throws IOException {
    while (true) {
      int found = delimiter.indexIn(buffer, head, tail);
      if (found >= 0) {
        content.write(buffer, head, found - head);
        head = found + delimiter.length();
        return;
      }
      // Everything but a tail that could be the start of a delimiter is the part's.
      int safe = Math.max(head, tail - delimiter.length() + 1);
      content.write(buffer, head, safe - head);
      head = safe;
      if (!fill()) {
        throw new MultipartException("the multipart body ends inside a part, before its boundary");
      }
    }
  }

  private boolean require(int count) throws IOException {
    while (tail - head < count) {
      if (!fill()) {
        return false;
      }
    }
    return true;
  }

  /** Moves the unread bytes to the front and reads more after them; false at the body's end. */
  private boolean fill() throws IOException {
    if (head > 0) {
      System.arraycopy(buffer, head, buffer, 0, tail - head);
      tail -= head;
      head = 0;
    }
    int count = body.read(buffer, tail, buffer.length - tail);
    if (count < 0) {
      return false;
    }
    received += count;
    if (MultipartLimits.exceeds(received, limits.maxRequestBytes())) {
      throw new MaxUploadSizeExceededException(limits.maxRequestBytes());
    }
    tail += count;
    return true;
  }

  /** A field may not take more than what is left of the fields' budget either. */
  private long sizeLimit(PartHeaders headers) {
    if (headers.isFile() || limits.maxFieldBytes() < 0) {
      return limits.maxPartBytes();
    }
    long leftForFields = limits.maxFieldBytes() - fieldBytes;
    return limits.maxPartBytes() < 0
        ? leftForFields
        : Math.min(limits.maxPartBytes(), leftForFields);
  }

  /** Fields stay in memory: they become parameter strings anyway, within their own budget. */
  private long threshold(PartHeaders headers) {
    return headers.isFile() ? limits.memoryThresholdBytes() : -1;
  }
}
