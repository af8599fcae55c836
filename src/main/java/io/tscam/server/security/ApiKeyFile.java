package io.tscam.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The accepted API keys: one per line of a file (typically a mounted Kubernetes Secret), either the
 * key itself or {@code sha256:<64 hex digits>} of it; blank lines and {@code #} comments are
 * skipped. Only SHA-256 digests are kept in memory, and a presented key is hashed and compared with
 * every digest in constant time, so neither timing nor an early exit tells how close a guess was.
 * The file is checked on every call and read again when it changed (key rotation without a
 * restart); a changed file that cannot be read keeps the keys loaded before. No key ever appears in
 * a message.
 */
final class ApiKeyFile {

  private static final Logger log = LoggerFactory.getLogger(ApiKeyFile.class);
  private static final String DIGEST_PREFIX = "sha256:";
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");

  private final Path file;
  private volatile Snapshot current;

  private ApiKeyFile(Path file, Snapshot first) {
    this.file = file;
    this.current = first;
  }

  /** Reads the file once; a missing, unreadable, malformed or empty file stops the startup. */
  static ApiKeyFile load(Path file) {
    return new ApiKeyFile(file, Snapshot.read(file));
  }

  /** Whether the presented key is one of the file's, as the file is now. */
  boolean accepts(String presented) {
    byte[] digest = sha256(presented);
    boolean accepted = false;
    for (byte[] known : upToDate().digests()) {
      accepted |= MessageDigest.isEqual(known, digest);
    }
    return accepted;
  }

  int size() {
    return current.digests().size();
  }

  private Snapshot upToDate() {
    Snapshot loaded = current;
    if (Objects.equals(loaded.version(), FileVersion.of(file))) {
      return loaded;
    }
    synchronized (this) {
      if (current != loaded) {
        return current;
      }
      try {
        current = Snapshot.read(file);
        log.info("API keys reloaded from {}: {} keys", file, current.digests().size());
      } catch (AccessSetupException e) {
        log.warn(
            "API key file changed but was not reloaded, keeping the previous keys: {}",
            e.getMessage());
        current = new Snapshot(FileVersion.of(file), loaded.digests());
      }
      return current;
    }
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** What identifies one state of the file: a rotated Secret changes at least one of these. */
  private record FileVersion(Object fileKey, long modifiedMillis, long size) {

    static FileVersion of(Path file) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileVersion(
            attributes.fileKey(), attributes.lastModifiedTime().toMillis(), attributes.size());
      } catch (IOException e) {
        return null;
      }
    }
  }

  private record Snapshot(FileVersion version, List<byte[]> digests) {

    static Snapshot read(Path file) {
      FileVersion version = FileVersion.of(file);
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new AccessSetupException("cannot read the API key file " + file);
      }
      List<byte[]> digests = new ArrayList<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (!line.isEmpty() && !line.startsWith("#")) {
          digests.add(digest(line, file, i + 1));
        }
      }
      if (digests.isEmpty()) {
        throw new AccessSetupException("the API key file " + file + " holds no key");
      }
      return new Snapshot(version, List.copyOf(digests));
    }

    private static byte[] digest(String line, Path file, int lineNumber) {
      if (!line.startsWith(DIGEST_PREFIX)) {
        return sha256(line);
      }
      String hex = line.substring(DIGEST_PREFIX.length());
      if (!SHA256_HEX.matcher(hex).matches()) {
        throw new AccessSetupException(
            "line %d of the API key file %s starts with sha256: but is not 64 hex digits"
                .formatted(lineNumber, file));
      }
      return HexFormat.of().parseHex(hex);
    }
  }
}
