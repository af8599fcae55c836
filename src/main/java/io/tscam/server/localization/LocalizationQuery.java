package io.tscam.server.localization;

import java.util.List;

/**
 * What the caller asks of one image.
 *
 * @param topK how many of the highest-scoring classes to localize (ignored when classes is given)
 * @param classes localize exactly these class indices, in this order; empty means top-k
 * @param threshold box threshold as a fraction of the map maximum; null means the model's default
 * @param includeMaps return the coupled map of every listed class and the attention map
 * @param fusion how attention layers are combined into the class-agnostic map
 * @param boxes the official box only, or one box per object too
 * @param minBoxArea with boxes=all, the smallest object kept, as a fraction of the largest one's
 *     contour area; null means {@value ResolvedQuery#DEFAULT_MIN_BOX_AREA}
 * @param evidence run two more passes per class, its box kept and removed ({@link Evidence})
 */
public record LocalizationQuery(
    int topK,
    List<Integer> classes,
    Double threshold,
    boolean includeMaps,
    Fusion fusion,
    BoxMode boxes,
    Double minBoxArea,
    boolean evidence) {

  public LocalizationQuery {
    classes = classes == null ? List.of() : List.copyOf(classes);
    boxes = boxes == null ? BoxMode.LARGEST : boxes;
  }

  /** The official box of each class only. */
  public LocalizationQuery(
      int topK, List<Integer> classes, Double threshold, boolean includeMaps, Fusion fusion) {
    this(topK, classes, threshold, includeMaps, fusion, BoxMode.LARGEST, null, false);
  }
}
