package io.tscam.server.localization;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.BoxExtractor;
import io.tscam.server.cam.FeatureMaps;
import io.tscam.server.cam.GridMap;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.cam.NormalizedCam;
import java.util.List;

/**
 * One image's model outputs read the TS-CAM way: class scores, the class-agnostic attention map
 * (fused once), and any class's coupled map, normalised map or official box on demand. The HTTP
 * answer and the evaluation command both read images through this, so they share one pipeline.
 */
public final class ImageAnalysis {

  private final ClassScores scores;
  private final float[] attentionMap;
  private final FeatureMaps featureMaps;
  private final BoxExtractor boxes;
  private final ImageSize imageSize;
  private final float[] modelInput;

  ImageAnalysis(
      ClassScores scores,
      float[] attentionMap,
      FeatureMaps featureMaps,
      BoxExtractor boxes,
      ImageSize imageSize,
      float[] modelInput) {
    this.scores = scores;
    this.attentionMap = attentionMap;
    this.featureMaps = featureMaps;
    this.boxes = boxes;
    this.imageSize = imageSize;
    this.modelInput = modelInput;
  }

  /**
   * The normalised model input this analysis came from, when it was kept for evidence passes (null
   * otherwise; shared: do not modify).
   */
  float[] modelInput() {
    return modelInput;
  }

  /** The whole source image as displayed (after EXIF orientation), in pixels. */
  public ImageSize imageSize() {
    return imageSize;
  }

  /** The model input size: the space boxes are found in. */
  public ImageSize inputSize() {
    return boxes.inputSize();
  }

  /** Softmax probability of one class. */
  public double probability(int classIndex) {
    return scores.probability(classIndex);
  }

  /** The k most probable classes, most probable first. */
  public List<Integer> topClasses(int k) {
    return scores.top(k);
  }

  /** The class-agnostic map on the token grid (shared: do not modify). */
  float[] attentionMap() {
    return attentionMap;
  }

  /** One class's coupled map on the token grid. */
  GridMap coupledMap(int classIndex) {
    return GridMap.coupled(attentionMap, featureMaps, classIndex);
  }

  /**
   * One class's map upsampled to the input size and normalised to uint8, for boxes at any
   * threshold.
   */
  public NormalizedCam normalizedCam(int classIndex) {
    return boxes.normalize(coupledMap(classIndex));
  }

  /** One class's map upsampled and normalised, for its boxes at any threshold. */
  NormalizedCam normalize(GridMap map) {
    return boxes.normalize(map);
  }

  /** A box found in input space, in the original image's pixels. */
  Box toImage(Box inputBox) {
    return inputBox.toImage(boxes.inputSize(), imageSize);
  }
}
