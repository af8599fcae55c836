package io.tscam.server.labelling;

import io.tscam.server.localization.ImageAnalysis;
import java.util.List;

/** Which classes an image is localized for: the predicted ones, or a class known beforehand. */
sealed interface ClassSource permits ClassSource.Predicted, FolderClasses, ClassFile {

  /** Why this image cannot be labelled at all (no known class), or null when it can. */
  String unlabelled(String path);

  /** The classes to localize the image for, in the order its annotations are written. */
  List<Integer> classes(String path, ImageAnalysis analysis);

  /**
   * Checks the source against the model before any image is read.
   *
   * @throws LabellingException naming what does not fit
   */
  void requireFits(int numClasses);

  /** What the run records of the source, compared when parts are merged. */
  String describe();

  /** The top-k predicted classes of each image. */
  record Predicted(int topK) implements ClassSource {

    @Override
    public String unlabelled(String path) {
      return null;
    }

    @Override
    public List<Integer> classes(String path, ImageAnalysis analysis) {
      return analysis.topClasses(topK);
    }

    @Override
    public void requireFits(int numClasses) {
      if (topK > numClasses) {
        throw new LabellingException(
            "--topk " + topK + " is more than the model's " + numClasses + " classes");
      }
    }

    @Override
    public String describe() {
      return "predicted, top " + topK;
    }
  }
}
