package io.tscam.server.labelling;

import io.tscam.server.cam.Box;
import java.util.List;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The COCO objects, field by field as the COCO data format and pycocotools read them: image and
 * category ids 1-based (category = class index + 1: COCO's convention, and torchvision's detection
 * models keep label 0 for the background), {@code bbox} [x, y, width, height] in original pixels,
 * {@code area}, {@code iscrowd} 0, and the pseudo-label's {@code score}.
 */
final class CocoJson {

  /** Reads values out of a longer stream too (one array element, one key's value at a time). */
  static final JsonMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private CocoJson() {}

  /** One journal line: the image, and its annotations without ids, or why it was skipped. */
  static ObjectNode journalEntry(LabelledImage image) {
    ObjectNode entry = NODES.objectNode();
    entry.put("position", image.position());
    entry.put("file_name", image.path());
    if (image.skipped() != null) {
      entry.put("skipped", image.skipped());
      return entry;
    }
    entry.put("width", image.size().width());
    entry.put("height", image.size().height());
    ArrayNode annotations = entry.putArray("annotations");
    for (LabelledImage.Annotation annotation : image.annotations()) {
      ObjectNode node = annotations.addObject();
      node.put("category_id", annotation.classIndex() + 1);
      Box box = annotation.box();
      node.putArray("bbox").add(box.x1()).add(box.y1()).add(box.width()).add(box.height());
      node.put("area", annotation.area());
      node.put("score", annotation.score());
      if (annotation.segmentation() != null) {
        node.set("segmentation", rle(annotation.segmentation()));
      }
    }
    return entry;
  }

  private static ObjectNode rle(CocoRle rle) {
    ObjectNode node = NODES.objectNode();
    node.putArray("size").add(rle.height()).add(rle.width());
    ArrayNode counts = node.putArray("counts");
    for (int count : rle.counts()) {
      counts.add(count);
    }
    return node;
  }

  /**
   * Whether two values are the same JSON text: a value built here (a long, say) and the same value
   * read back from a file (an int) are not equal() as nodes.
   */
  static boolean same(JsonNode one, JsonNode other) {
    return other != null && MAPPER.writeValueAsString(one).equals(MAPPER.writeValueAsString(other));
  }

  static boolean isSkipped(JsonNode entry) {
    return entry.has("skipped");
  }

  /** A COCO image of a journal entry, with its id. */
  static ObjectNode image(JsonNode entry, long id) {
    ObjectNode image = NODES.objectNode();
    image.put("id", id);
    image.put("file_name", entry.get("file_name").asString());
    image.put("width", entry.get("width").asInt());
    image.put("height", entry.get("height").asInt());
    return image;
  }

  /** A COCO annotation of an annotation without ids (a journal's, or another file's), with ids. */
  static ObjectNode annotation(JsonNode annotation, long id, long imageId) {
    ObjectNode node = NODES.objectNode();
    node.put("id", id);
    node.put("image_id", imageId);
    node.set("category_id", annotation.get("category_id"));
    node.set("bbox", annotation.get("bbox"));
    node.set("area", annotation.get("area"));
    node.put("iscrowd", 0);
    node.set("score", annotation.get("score"));
    if (annotation.has("segmentation")) {
      node.set("segmentation", annotation.get("segmentation"));
    }
    return node;
  }

  /** An entry of the files' {@code skipped} list. */
  static ObjectNode skipped(JsonNode entry) {
    ObjectNode node = NODES.objectNode();
    node.put("path", entry.get("file_name").asString());
    node.put("reason", entry.get("skipped").asString());
    return node;
  }

  /**
   * A COCO result (what pycocotools' loadRes takes): image_id, category_id, bbox, score, and the
   * segmentation when there is one.
   */
  static ObjectNode detection(JsonNode annotation) {
    ObjectNode node = NODES.objectNode();
    for (String field : List.of("image_id", "category_id", "bbox", "score", "segmentation")) {
      if (annotation.has(field)) {
        node.set(field, annotation.get(field));
      }
    }
    return node;
  }

  /** The categories: class index + 1, the package's label as the name. */
  static ArrayNode categories(List<String> labels) {
    ArrayNode categories = NODES.arrayNode();
    for (int i = 0; i < labels.size(); i++) {
      ObjectNode category = categories.addObject();
      category.put("id", i + 1);
      category.put("name", labels.get(i));
      category.put("supercategory", "none");
    }
    return categories;
  }
}
