package io.tscam.server.labelling;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;

/**
 * Writes a COCO file by streaming its arrays, one element at a time (a dataset's annotations never
 * sit in memory together), and only then puts it in place: written to a temporary file in the same
 * folder and renamed over the target, so a reader sees the old file or the whole new one.
 */
final class CocoFileWriter {

  /** One array's elements, produced again on each call. */
  @FunctionalInterface
  interface Elements {
    void forEach(Consumer<JsonNode> element);
  }

  /**
   * The file's top level, in this order: info, images, annotations, categories, skipped.
   *
   * @param skipped not a COCO key: the images that could not be labelled (pycocotools ignores it)
   */
  record Contents(
      JsonNode info,
      Elements images,
      Elements annotations,
      JsonNode categories,
      Elements skipped) {}

  private CocoFileWriter() {}

  static void write(Path target, Contents contents) {
    writeAtomically(
        target,
        generator -> {
          generator.writeStartObject();
          generator.writeName("info");
          generator.writeTree(contents.info());
          writeArray(generator, "images", contents.images());
          writeArray(generator, "annotations", contents.annotations());
          generator.writeName("categories");
          generator.writeTree(contents.categories());
          writeArray(generator, "skipped", contents.skipped());
          generator.writeEndObject();
        });
  }

  /** A plain JSON list (COCO's results format). */
  static void writeList(Path target, Elements elements) {
    writeAtomically(
        target,
        generator -> {
          generator.writeStartArray();
          elements.forEach(generator::writeTree);
          generator.writeEndArray();
        });
  }

  private static void writeArray(JsonGenerator generator, String name, Elements elements) {
    generator.writeName(name);
    generator.writeStartArray();
    elements.forEach(generator::writeTree);
    generator.writeEndArray();
  }

  private static void writeAtomically(Path target, Consumer<JsonGenerator> body) {
    Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      try (OutputStream out = Files.newOutputStream(temporary);
          JsonGenerator generator = CocoJson.MAPPER.createGenerator(out)) {
        body.accept(generator);
      }
      Files.move(
          temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    } finally {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException e) {
        // The rename failed too; the error above is the one to report.
      }
    }
  }
}
