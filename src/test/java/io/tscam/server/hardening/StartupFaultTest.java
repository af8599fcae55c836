package io.tscam.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A broken model package, or access settings that cannot work, stop the app at startup: the process
 * exits with a non-zero status after printing one line that names the problem, and it never starts
 * listening (never half-ready).
 */
class StartupFaultTest {

  private static final Path TINY = Path.of("src/test/resources/models/tiny");
  private static final String FAILURE_LINE = "The model package cannot be served: ";

  @TempDir Path work;

  static Stream<Arguments> brokenPackages() {
    return Stream.of(
        arguments("a missing folder", breakage(StartupFaultTest::delete), "does not exist"),
        arguments(
            "a missing model.onnx",
            breakage(dir -> delete(dir.resolve("model.onnx"))),
            "model.onnx is missing or unreadable"),
        arguments(
            "a truncated model.onnx",
            breakage(dir -> truncate(dir.resolve("model.onnx"), 4096)),
            "model.onnx is not a loadable ONNX model"),
        arguments(
            "a model.onnx that is not ONNX",
            breakage(dir -> write(dir.resolve("model.onnx"), "<html>not a model</html>")),
            "model.onnx is not a loadable ONNX model"),
        arguments(
            "an output name the graph lacks",
            breakage(dir -> edit(dir, "\"logits\": \"logits\"", "\"logits\": \"scores\"")),
            "model.json outputs.logits names 'scores', but model.onnx has outputs"),
        arguments(
            "an output of the wrong shape",
            breakage(
                dir -> edit(dir, "\"attentions\": \"attentions\"", "\"attentions\": \"logits\"")),
            "output 'logits' (outputs.attentions) has shape [-1, 10], expected [N, L, heads, 197, 197]"),
        arguments(
            "labels that do not match the classes",
            breakage(dir -> edit(dir, "\"class_8\",\n    \"class_9\"", "\"class_8\"")),
            "output 'logits' (outputs.logits) has shape [-1, 10], expected [N, 9] (one logit per label)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenPackages")
  void exitsNonZeroWithOneLineNamingTheProblem(
      String description, Consumer<Path> breakage, String problem) throws Exception {
    Path broken = copyOfTiny();
    breakage.accept(broken);

    try (AppProcess app = AppProcess.start("--tscam.model.dir=" + broken, "--server.port=0")) {
      int status = app.awaitExit(Duration.ofMinutes(2));

      List<String> output = app.output();
      assertThat(status).as(String.join("\n", output)).isNotZero();
      assertThat(output)
          .filteredOn(line -> line.startsWith(FAILURE_LINE))
          .singleElement()
          .asString()
          .contains(problem);
      assertThat(output).noneMatch(line -> line.contains("Tomcat started"));
    }
  }

  static Stream<Arguments> unusableAccessSettings() {
    String badDigest = "sha256:" + "ab".repeat(20);
    return Stream.of(
        arguments("a missing key file", null, "api-key", "cannot read the API key file"),
        arguments("a key file of comments only", "# no keys yet\n", "api-key", "holds no key"),
        arguments("a malformed digest", badDigest + "\n", "api-key", "line 1 of the API key file"),
        arguments("JWT without an issuer", null, "jwt", "no JWT issuer is configured"));
  }

  /** An API key file or JWT setup that cannot work stops the app the same way, naming no key. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("unusableAccessSettings")
  void unusableAccessSettingsExitNonZeroWithOneLine(
      String description, String keyFile, String mode, String problem) throws Exception {
    Path keys = work.resolve("keys.txt");
    if (keyFile != null) {
      write(keys, keyFile);
    }

    try (AppProcess app =
        AppProcess.start(
            "--tscam.model.dir=" + TINY,
            "--server.port=0",
            "--tscam.security.mode=" + mode,
            "--tscam.security.api-keys-file=" + keys,
            "--tscam.security.jwt.audience=tscam-api")) {
      int status = app.awaitExit(Duration.ofMinutes(2));

      List<String> output = app.output();
      assertThat(status).as(String.join("\n", output)).isNotZero();
      assertThat(output)
          .filteredOn(line -> line.startsWith("Access control cannot be set up: "))
          .singleElement()
          .asString()
          .contains(problem);
      assertThat(output).noneMatch(line -> line.contains("Tomcat started"));
      if (keyFile != null) {
        assertThat(String.join("\n", output)).doesNotContain(keyFile.strip());
      }
    }
  }

  private Path copyOfTiny() throws IOException {
    Path copy = Files.createDirectory(work.resolve("model"));
    for (String file : List.of("model.onnx", "model.json")) {
      Files.copy(TINY.resolve(file), copy.resolve(file));
    }
    return copy;
  }

  /** Lets each case read as what it breaks. */
  private static Consumer<Path> breakage(Consumer<Path> change) {
    return change;
  }

  private static void edit(Path dir, String find, String replace) {
    Path json = dir.resolve("model.json");
    String text = read(json);
    if (!text.contains(find)) {
      throw new IllegalStateException("model.json has no " + find);
    }
    write(json, text.replace(find, replace));
  }

  private static void truncate(Path file, int length) {
    try {
      Files.write(file, Arrays.copyOf(Files.readAllBytes(file), length));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try (Stream<Path> tree = Files.walk(path)) {
      tree.sorted((a, b) -> b.compareTo(a)).forEach(StartupFaultTest::deleteOne);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
