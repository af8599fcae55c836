package io.tscam.server.evaluation;

import io.tscam.server.cam.ImageSize;
import java.nio.file.Path;
import java.util.List;

/**
 * One image to evaluate.
 *
 * @param id the image id of images.txt, or the line of an ILSVRC list
 * @param file the image file
 * @param source its line in images.txt or the list
 * @param classIndex the ground-truth class, 0-based (CUB's files count from 1)
 * @param classSource its line in image_class_labels.txt or the list
 * @param boxes the ground-truth boxes, in original pixels
 */
record DatasetImage(
    int id,
    Path file,
    SourceLine source,
    int classIndex,
    SourceLine classSource,
    List<GroundTruthBox> boxes) {

  public DatasetImage {
    boxes = List.copyOf(boxes);
  }

  /** The ground truth scaled into model-input space for an image of the decoded size. */
  public GroundTruth groundTruth(ImageSize imageSize, ImageSize inputSize) {
    return new GroundTruth(
        boxes.stream().map(box -> box.inInputSpace(imageSize, inputSize)).toList());
  }
}
