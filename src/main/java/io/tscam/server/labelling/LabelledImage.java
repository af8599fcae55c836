package io.tscam.server.labelling;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;
import java.util.List;

/**
 * One image's outcome: its annotations, or why it was skipped.
 *
 * @param position its place in the whole sorted input list
 * @param path its path relative to the input root (the COCO file_name)
 * @param size its size as displayed (after EXIF orientation); null when skipped
 * @param annotations best first; empty when skipped
 * @param skipped why it could not be labelled; null when it was
 */
record LabelledImage(
    long position, String path, ImageSize size, List<Annotation> annotations, String skipped) {

  LabelledImage {
    annotations = List.copyOf(annotations);
  }

  static LabelledImage skipped(long position, String path, String reason) {
    return new LabelledImage(position, path, null, List.of(), reason);
  }

  /**
   * One pseudo box of a class.
   *
   * @param box in original pixels, x2/y2 exclusive
   * @param area the box's area, or with a mask the mask's pixel count
   * @param score the class's softmax probability
   * @param segmentation the object's pixels at original resolution; null without --masks
   */
  record Annotation(int classIndex, Box box, long area, double score, CocoRle segmentation) {}
}
