package io.tscam.server.labelling;

import java.nio.file.Path;
import tools.jackson.databind.JsonNode;

/**
 * A finished shard's journal as its COCO part file: image ids are the input positions + 1 (unique
 * across the parts of a run), annotations numbered 1, 2, 3... in order. The file depends only on
 * the journal's lines, so a shard resumed after a kill writes the same bytes as one never stopped.
 */
final class PartWriter {

  private PartWriter() {}

  /** Writes the part; answers what it holds. */
  static Tally write(Path journal, Path part, JsonNode info, JsonNode categories) {
    Tally tally = new Tally();
    CocoFileWriter.write(
        part,
        new CocoFileWriter.Contents(
            info,
            images ->
                Journal.forEachEntry(
                    journal,
                    entry -> {
                      if (!CocoJson.isSkipped(entry)) {
                        images.accept(tally.image(CocoJson.image(entry, imageId(entry))));
                      }
                    }),
            annotations -> {
              long[] id = {0};
              Journal.forEachEntry(
                  journal,
                  entry -> {
                    for (JsonNode annotation : entry.path("annotations")) {
                      annotations.accept(
                          tally.annotation(
                              CocoJson.annotation(annotation, ++id[0], imageId(entry))));
                    }
                  });
            },
            categories,
            skipped ->
                Journal.forEachEntry(
                    journal,
                    entry -> {
                      if (CocoJson.isSkipped(entry)) {
                        skipped.accept(tally.skipped(CocoJson.skipped(entry)));
                      }
                    })));
    return tally;
  }

  private static long imageId(JsonNode entry) {
    return entry.get("position").asLong() + 1;
  }
}
