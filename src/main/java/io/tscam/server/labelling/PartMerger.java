package io.tscam.server.labelling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Joins the parts of a sharded run into one COCO file: checks that every part of the count is there
 * and that all were made by the same run (model, options, input list), then interleaves them back
 * into input order and numbers images and annotations 1, 2, 3... in that order. Streams every
 * array, so memory does not grow with the dataset. Also writes the annotations as COCO results.
 */
final class PartMerger {

  static final String LABELS = "labels.json";
  static final String DETECTIONS = "detections.json";

  private final Path folder;
  private final List<Path> parts;

  private PartMerger(Path folder, List<Path> parts) {
    this.folder = folder;
    this.parts = parts;
  }

  /**
   * The parts in a folder, checked: all of one count, none missing, all of one run.
   *
   * @throws LabellingException naming the missing or mismatched part
   */
  static PartMerger of(Path folder) {
    TreeMap<Integer, Path> byIndex = new TreeMap<>();
    int count = -1;
    Path first = null;
    for (Path part : partFiles(folder)) {
      Shard shard = Shard.ofPartFile(part.getFileName().toString());
      if (count >= 0 && shard.count() != count) {
        throw new LabellingException(
            part.getFileName()
                + " and "
                + first.getFileName()
                + " are parts of runs with different shard counts; remove the stale ones");
      }
      count = shard.count();
      first = first == null ? part : first;
      byIndex.put(shard.index(), part);
    }
    if (count < 0) {
      throw new LabellingException("no part-INDEX-of-COUNT.json files in " + folder);
    }
    for (int index = 0; index < count; index++) {
      if (!byIndex.containsKey(index)) {
        throw new LabellingException(missing(folder, new Shard(index, count)));
      }
    }
    List<Path> parts = List.copyOf(byIndex.values());
    requireOneRun(parts);
    return new PartMerger(folder, parts);
  }

  private static List<Path> partFiles(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(file -> Shard.ofPartFile(file.getFileName().toString()) != null)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new LabellingException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  private static String missing(Path folder, Shard shard) {
    String message = "missing " + shard.partFileName() + ": shard " + shard + " has not finished";
    return Files.exists(folder.resolve(shard.journalFileName()))
        ? message + " (its journal is there: run the shard again to finish it)"
        : message;
  }

  private static void requireOneRun(List<Path> parts) {
    JsonNode run = ArrayCursor.value(parts.get(0), "info").get("run");
    for (Path part : parts.subList(1, parts.size())) {
      JsonNode other = ArrayCursor.value(part, "info").get("run");
      for (String aspect : List.of("model", "options", "inputs")) {
        if (!CocoJson.same(run.get(aspect), other.get(aspect))) {
          throw new LabellingException(
              part.getFileName()
                  + " was made with another "
                  + (aspect.equals("inputs") ? "input list" : aspect)
                  + " than "
                  + parts.get(0).getFileName()
                  + ": "
                  + other.get(aspect)
                  + " vs "
                  + run.get(aspect));
        }
      }
    }
  }

  /** Writes labels.json and detections.json into the parts' folder. */
  Tally merge() {
    ObjectNode info = ((ObjectNode) ArrayCursor.value(parts.get(0), "info")).deepCopy();
    info.remove("shard");
    Tally tally = new Tally();
    Path labels = folder.resolve(LABELS);
    CocoFileWriter.write(
        labels,
        new CocoFileWriter.Contents(
            info,
            images ->
                forEachImage((placed, annotations) -> images.accept(tally.image(placed.image()))),
            annotations ->
                forEachAnnotation(annotation -> annotations.accept(tally.annotation(annotation))),
            ArrayCursor.value(parts.get(0), "categories"),
            skipped -> forEachSkipped(entry -> skipped.accept(tally.skipped(entry)))));
    CocoFileWriter.writeList(
        folder.resolve(DETECTIONS),
        detections -> {
          try (ArrayCursor cursor = ArrayCursor.open(labels, "annotations")) {
            for (JsonNode annotation = cursor.next();
                annotation != null;
                annotation = cursor.next()) {
              detections.accept(CocoJson.detection(annotation));
            }
          }
        });
    return tally;
  }

  /** A part's image in the merged order, renumbered. */
  private record Placed(int part, long partId, ObjectNode image) {}

  private interface PlacedImages {
    void accept(Placed placed, ArrayCursor partAnnotations);
  }

  /** The parts' images in input order (by their part ids, the input positions + 1), renumbered. */
  private void forEachImage(PlacedImages action) {
    List<ArrayCursor> images = open("images");
    List<ArrayCursor> annotations = open("annotations");
    try {
      long id = 0;
      PriorityQueue<Integer> next =
          queue(images, Comparator.comparingLong(image -> image.get("id").asLong()));
      while (!next.isEmpty()) {
        int part = next.poll();
        JsonNode image = images.get(part).next();
        ObjectNode renumbered = ((ObjectNode) image).deepCopy();
        renumbered.put("id", ++id);
        action.accept(
            new Placed(part, image.get("id").asLong(), renumbered), annotations.get(part));
        if (images.get(part).peek() != null) {
          next.add(part);
        }
      }
    } finally {
      closeAll(images);
      closeAll(annotations);
    }
  }

  /** Each merged image's annotations (contiguous in its part), renumbered. */
  private void forEachAnnotation(Consumer<JsonNode> action) {
    long[] id = {0};
    forEachImage(
        (placed, partAnnotations) -> {
          long imageId = placed.image().get("id").asLong();
          while (partAnnotations.peek() != null
              && partAnnotations.peek().get("image_id").asLong() == placed.partId()) {
            action.accept(CocoJson.annotation(partAnnotations.next(), ++id[0], imageId));
          }
        });
  }

  /** The parts' skipped images in input order (their paths, sorted as the input list is). */
  private void forEachSkipped(Consumer<JsonNode> action) {
    List<ArrayCursor> skipped = open("skipped");
    try {
      PriorityQueue<Integer> next =
          queue(
              skipped,
              Comparator.comparing(
                  entry -> entry.get("path").asString(), InputList.CODE_POINT_ORDER));
      while (!next.isEmpty()) {
        int part = next.poll();
        action.accept(skipped.get(part).next());
        if (skipped.get(part).peek() != null) {
          next.add(part);
        }
      }
    } finally {
      closeAll(skipped);
    }
  }

  /** The parts with elements left, the one whose next element comes first at the head. */
  private static PriorityQueue<Integer> queue(
      List<ArrayCursor> cursors, Comparator<JsonNode> order) {
    PriorityQueue<Integer> queue =
        new PriorityQueue<>(Comparator.comparing(part -> cursors.get(part).peek(), order));
    for (int part = 0; part < cursors.size(); part++) {
      if (cursors.get(part).peek() != null) {
        queue.add(part);
      }
    }
    return queue;
  }

  private List<ArrayCursor> open(String key) {
    List<ArrayCursor> cursors = new ArrayList<>(parts.size());
    try {
      for (Path part : parts) {
        cursors.add(ArrayCursor.open(part, key));
      }
      return cursors;
    } catch (RuntimeException e) {
      closeAll(cursors);
      throw e;
    }
  }

  private static void closeAll(List<ArrayCursor> cursors) {
    cursors.forEach(ArrayCursor::close);
  }
}
