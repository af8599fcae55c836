package io.tscam.server.clients;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Node 20 and the npm packages that src/test/typescript/package-lock.json pins (TypeScript, Node's
 * types, Redocly CLI), installed with {@code npm ci} into its gitignored node_modules the first
 * time a test needs them, and again only when the lock file changes.
 */
final class NodeTools {

  static final Path PACKAGE = Path.of("src/test/typescript");
  private static final Path LOCK = PACKAGE.resolve("package-lock.json");

  /** The lock file's hash as of the last install: node_modules is current while it matches. */
  private static final Path INSTALLED = PACKAGE.resolve("node_modules/.installed-lock.sha256");

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);

  private NodeTools() {}

  /** What a command printed, and how it ended. */
  record Run(int exitCode, String stdout, String stderr) {

    boolean succeeded() {
      return exitCode == 0;
    }

    String output() {
      return stdout + stderr;
    }
  }

  static synchronized void install() {
    String lock = sha256(LOCK);
    if (Files.exists(INSTALLED) && read(INSTALLED).equals(lock)) {
      return;
    }
    Run npm =
        run(
            PACKAGE,
            INSTALL_TIMEOUT,
            List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"));
    if (!npm.succeeded()) {
      throw new IllegalStateException("npm ci in " + PACKAGE + " failed:\n" + npm.output());
    }
    write(INSTALLED, lock);
  }

  /** Runs {@code command} in {@code folder}; a command that outlives {@code timeout} is killed. */
  static Run run(Path folder, Duration timeout, List<String> command) {
    try {
      Path stdout = Files.createTempFile("node-tools", ".out");
      Path stderr = Files.createTempFile("node-tools", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
          throw new IllegalStateException(
              "%s did not finish within %s:%n%s".formatted(command, timeout, read(stderr)));
        }
        return new Run(process.exitValue(), read(stdout), read(stderr));
      } finally {
        Files.delete(stdout);
        Files.delete(stderr);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String sha256(Path file) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
