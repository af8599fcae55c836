package io.tscam.server.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The API key file of {@link ServedWithApiKeys}, written before the app starts: one key as itself
 * and one as its SHA-256, the two forms an operator may use.
 */
public final class TestApiKeys
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  public static final String FILE = "target/test-api-keys/keys.txt";

  /** Listed in the file as itself. */
  public static final String PLAIN_KEY = "plain-test-key-0123456789";

  /** Listed in the file only as {@code sha256:<hex>}. */
  public static final String HASHED_KEY = "hashed-test-key-9876543210";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    write(initialContent());
  }

  public static String initialContent() {
    return "# test keys\n" + PLAIN_KEY + "\n\nsha256:" + sha256Hex(HASHED_KEY) + "\n";
  }

  /** Replaces the file's content in one move, as a Kubernetes Secret update does. */
  public static void write(String content) {
    Path file = Path.of(FILE);
    try {
      Files.createDirectories(file.getParent());
      Path next = Files.createTempFile(file.getParent(), "keys", ".tmp");
      Files.writeString(next, content, StandardCharsets.UTF_8);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String sha256Hex(String key) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
