package io.tscam.server.inference;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** A model package on disk: a folder holding model.onnx and model.json. */
public record ModelPackage(Path directory, Path onnxFile, ModelDescriptor descriptor) {

  private static final String ONNX_FILE = "model.onnx";
  static final String DESCRIPTOR_FILE = "model.json";

  private static final JsonMapper JSON =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  /** Reads and validates the package, failing with a message that names the problem. */
  public static ModelPackage open(Path directory) {
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new InvalidModelException("model package folder " + dir + " does not exist");
    }
    Path onnx = requireFile(dir.resolve(ONNX_FILE));
    Path json = requireFile(dir.resolve(DESCRIPTOR_FILE));
    return new ModelPackage(dir, onnx, readDescriptor(json).validated());
  }

  /** The SHA-256 of model.onnx, lower-case hex (what sha256sum prints). */
  public String onnxSha256() {
    try (InputStream in = Files.newInputStream(onnxFile)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        digest.update(buffer, 0, read);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + onnxFile, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  private static Path requireFile(Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new InvalidModelException("model package file " + file + " is missing or unreadable");
    }
    return file;
  }

  private static ModelDescriptor readDescriptor(Path json) {
    try {
      return JSON.readValue(Files.readString(json), ModelDescriptor.class);
    } catch (JacksonException e) {
      throw new InvalidModelException(
          json + " is not a valid model descriptor: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + json + ": " + e.getMessage(), e);
    }
  }
}
