package io.tscam.server.evaluation;

import java.nio.file.Path;
import java.util.List;

/** The images {@code evaluate} runs, read from a CUB-layout folder or an ILSVRC list. */
interface EvaluationDataset {

  /** Where the dataset was read from, as the report names it. */
  Path root();

  /** Which images: the CUB split, or {@value IlsvrcList#SPLIT_LABEL} for an ILSVRC list. */
  String splitLabel();

  /** The images to evaluate, in file order. */
  List<DatasetImage> images();

  /** The first {@code limit} images (all of them when there are fewer). */
  EvaluationDataset firstImages(int limit);

  /**
   * Checks that every class the dataset names fits a model of {@code numClasses} classes.
   *
   * @throws DatasetException naming the first line with a class out of range
   */
  void requireClassesWithin(int numClasses);
}
