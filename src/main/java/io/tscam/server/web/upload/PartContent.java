package io.tscam.server.web.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * One part's bytes as they arrive: in memory up to the threshold, then in a temporary file in the
 * upload folder, so that photos waiting for a decode slot hold disk rather than heap. Refuses a
 * part over the size limit as soon as its bytes pass it.
 */
final class PartContent {

  private final long maxBytes;
  private final long threshold;
  private final Path folder;
  private ByteArrayOutputStream memory = new ByteArrayOutputStream();
  private Path file;
  private OutputStream fileOut;
  private long size;

  PartContent(long maxBytes, long threshold, Path folder) {
    this.maxBytes = maxBytes;
    this.threshold = threshold;
    this.folder = folder;
  }

  void write(byte[] bytes, int from, int count) throws IOException {
    size += count;
    if (MultipartLimits.exceeds(size, maxBytes)) {
      throw new MaxUploadSizeExceededException(maxBytes);
    }
    if (fileOut == null && MultipartLimits.exceeds(size, threshold)) {
      spill();
    }
    (fileOut != null ? fileOut : memory).write(bytes, from, count);
  }

  long size() {
    return size;
  }

  private void spill() throws IOException {
    file = Files.createTempFile(folder, "upload-", ".tmp");
    fileOut = Files.newOutputStream(file);
    memory.writeTo(fileOut);
    memory = null;
  }

  /** The part as received; its file, if it has one, belongs to the part from now on. */
  ReceivedPart finish(PartHeaders headers) throws IOException {
    if (fileOut == null) {
      return ReceivedPart.inMemory(headers, memory.toByteArray());
    }
    fileOut.close();
    return ReceivedPart.inFile(headers, file, size);
  }

  /** Drops what was written, when the upload fails before the part is finished. */
  void discard() throws IOException {
    if (fileOut != null) {
      fileOut.close();
      Files.deleteIfExists(file);
    }
  }
}
