package io.tscam.server.web.upload;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.springframework.web.multipart.MultipartFile;

/**
 * A file part of an upload, held in memory or in a temporary file that {@link #delete()} removes
 * when the request ends.
 */
final class ReceivedPart implements MultipartFile {

  private final PartHeaders headers;
  private final byte[] bytes;
  private final Path file;
  private final long size;

  private ReceivedPart(PartHeaders headers, byte[] bytes, Path file, long size) {
    this.headers = headers;
    this.bytes = bytes;
    this.file = file;
    this.size = size;
  }

  static ReceivedPart inMemory(PartHeaders headers, byte[] bytes) {
    return new ReceivedPart(headers, bytes, null, bytes.length);
  }

  static ReceivedPart inFile(PartHeaders headers, Path file, long size) {
    return new ReceivedPart(headers, null, file, size);
  }

  @Override
  public String getName() {
    return headers.name();
  }

  @Override
  public String getOriginalFilename() {
    return headers.filename();
  }

  @Override
  public String getContentType() {
    return headers.contentType();
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public long getSize() {
    return size;
  }

  /** The bytes; in memory, the part's own array (not a copy: an image can be megabytes). */
  @Override
  public byte[] getBytes() throws IOException {
    return bytes != null ? bytes : Files.readAllBytes(file);
  }

  @Override
  public InputStream getInputStream() throws IOException {
    return bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
  }

  @Override
  public void transferTo(File destination) throws IOException {
    transferTo(destination.toPath());
  }

  @Override
  public void transferTo(Path destination) throws IOException {
    if (bytes != null) {
      Files.write(destination, bytes);
    } else {
      Files.copy(file, destination, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Removes the temporary file, if the part has one. */
  void delete() throws IOException {
    if (file != null) {
      Files.deleteIfExists(file);
    }
  }
}
