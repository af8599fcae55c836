package io.tscam.server.labelling;

import io.tscam.server.localization.ImageAnalysis;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Known classes from a CSV of {@code path,class_index} lines (paths as the labels' file_name:
 * relative to the input root), for flat layouts. A first line whose index is not a number is a
 * header. The file is held in memory: one entry per image.
 */
final class ClassFile implements ClassSource {

  private final Path file;
  private final String sha256;
  private final Map<String, Integer> classByPath;
  private final int largest;
  private final int largestLine;

  private ClassFile(
      Path file, String sha256, Map<String, Integer> classByPath, int largest, int largestLine) {
    this.file = file;
    this.sha256 = sha256;
    this.classByPath = classByPath;
    this.largest = largest;
    this.largestLine = largestLine;
  }

  static ClassFile read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new LabellingException("cannot read " + file + ": " + e.getMessage(), e);
    }
    Map<String, Integer> classByPath = new HashMap<>();
    int largest = -1;
    int largestLine = 0;
    List<String> lines = new String(bytes, StandardCharsets.UTF_8).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      int comma = line.lastIndexOf(',');
      if (line.isEmpty()) {
        continue;
      }
      Integer classIndex = comma < 0 ? null : parseIndex(line.substring(comma + 1).strip());
      if (classIndex == null) {
        if (i == 0) {
          continue; // a header
        }
        throw new LabellingException(
            file + " line " + (i + 1) + ": expected path,class_index, got '" + line + "'");
      }
      if (classByPath.put(line.substring(0, comma).strip(), classIndex) != null) {
        throw new LabellingException(file + " line " + (i + 1) + ": the path is listed twice");
      }
      if (classIndex > largest) {
        largest = classIndex;
        largestLine = i + 1;
      }
    }
    return new ClassFile(file, sha256(bytes), classByPath, largest, largestLine);
  }

  private static Integer parseIndex(String value) {
    try {
      int index = Integer.parseInt(value);
      return index >= 0 ? index : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String unlabelled(String path) {
    return classByPath.containsKey(path) ? null : "no class for it in " + file.getFileName();
  }

  @Override
  public List<Integer> classes(String path, ImageAnalysis analysis) {
    return List.of(classByPath.get(path));
  }

  @Override
  public void requireFits(int numClasses) {
    if (largest >= numClasses) {
      throw new LabellingException(
          file
              + " line "
              + largestLine
              + ": class "
              + largest
              + " is not one of the model's classes 0.."
              + (numClasses - 1));
    }
  }

  @Override
  public String describe() {
    return "file " + file.getFileName() + " (sha256 " + sha256 + ")";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
