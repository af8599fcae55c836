package io.tscam.server.labelling;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.ContourMask;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.cam.NormalizedCam;
import io.tscam.server.imaging.ImageRejectedException;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.localization.BoxMode;
import io.tscam.server.localization.Fusion;
import io.tscam.server.localization.ImageAnalysis;
import io.tscam.server.localization.Localizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Labels one image through the serving pipeline ({@link Localizer#analyze}: the decode,
 * preprocessing, batching queue and TS-CAM maps of /localize), with the API's boxes: the official
 * box of each class (the largest contour's), or with boxes all one box per outer contour over the
 * minimum area. Thread-safe.
 */
final class ImageLabeller {

  private final Localizer localizer;
  private final Path root;
  private final ClassSource classes;
  private final LabelSettings settings;

  ImageLabeller(Localizer localizer, Path root, ClassSource classes, LabelSettings settings) {
    this.localizer = localizer;
    this.root = root;
    this.classes = classes;
    this.settings = settings;
  }

  /**
   * The image's annotations, or the reason it is skipped when it cannot be read or decoded; any
   * other failure (the model's) stops the run.
   */
  LabelledImage label(long position, String path) {
    String unlabelled = classes.unlabelled(path);
    if (unlabelled != null) {
      return LabelledImage.skipped(position, path, unlabelled);
    }
    byte[] encoded;
    try {
      encoded = Files.readAllBytes(root.resolve(path));
    } catch (IOException | RuntimeException e) {
      return LabelledImage.skipped(position, path, "cannot read the file: " + e);
    }
    ImageAnalysis analysis;
    try (InferenceQueue.Arrival arrival = localizer.admit()) {
      analysis = localizer.analyze(arrival, encoded, Fusion.TSCAM);
    } catch (ImageRejectedException e) {
      return LabelledImage.skipped(position, path, e.getMessage());
    }
    List<LabelledImage.Annotation> annotations = new ArrayList<>();
    for (int classIndex : classes.classes(path, analysis)) {
      double score = analysis.probability(classIndex);
      if (score >= settings.minScore()) {
        annotate(analysis, classIndex, score, annotations);
      }
    }
    return new LabelledImage(position, path, analysis.imageSize(), annotations, null);
  }

  /** A class's objects: none when its map has no contour above the threshold. */
  private void annotate(
      ImageAnalysis analysis,
      int classIndex,
      double score,
      List<LabelledImage.Annotation> annotations) {
    NormalizedCam cam = analysis.normalizedCam(classIndex);
    ImageSize image = analysis.imageSize();
    double threshold = settings.threshold();
    if (settings.masks()) {
      List<ContourMask> objects =
          settings.boxes() == BoxMode.ALL
              ? cam.outerContourMasks(threshold, settings.minBoxArea())
              : cam.largestContourMask(threshold).stream().toList();
      for (ContourMask object : objects) {
        Box box = toImage(analysis, object.box());
        CocoRle rle = CocoRle.of(object.mask(), image, box);
        annotations.add(new LabelledImage.Annotation(classIndex, box, rle.area(), score, rle));
      }
      return;
    }
    List<Box> boxes =
        settings.boxes() == BoxMode.ALL
            ? cam.outerContourBoxes(threshold, settings.minBoxArea()).stream()
                .map(found -> found.box())
                .toList()
            : cam.largestContourBoxIfAny(threshold).stream().toList();
    for (Box inputBox : boxes) {
      Box box = toImage(analysis, inputBox);
      annotations.add(
          new LabelledImage.Annotation(
              classIndex, box, (long) box.width() * box.height(), score, null));
    }
  }

  private static Box toImage(ImageAnalysis analysis, Box inputBox) {
    return inputBox.toImage(analysis.inputSize(), analysis.imageSize());
  }
}
