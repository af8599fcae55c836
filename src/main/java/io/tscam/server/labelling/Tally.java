package io.tscam.server.labelling;

import tools.jackson.databind.JsonNode;

/** What a COCO file holds, counted while it is written. */
final class Tally {

  private long images;
  private long annotations;
  private long skipped;

  JsonNode image(JsonNode image) {
    images++;
    return image;
  }

  JsonNode annotation(JsonNode annotation) {
    annotations++;
    return annotation;
  }

  JsonNode skipped(JsonNode entry) {
    skipped++;
    return entry;
  }

  long images() {
    return images;
  }

  long annotations() {
    return annotations;
  }

  long skipped() {
    return skipped;
  }
}
