package io.tscam.server.localization;

import java.util.List;

/** A query checked against the model, with its defaults filled in. */
record ResolvedQuery(
    int topK,
    List<Integer> classes,
    double threshold,
    boolean includeMaps,
    Fusion fusion,
    BoxMode boxes,
    double minBoxArea,
    boolean evidence) {

  /** With boxes=all, objects under a tenth of the largest one's area are left out. */
  static final double DEFAULT_MIN_BOX_AREA = 0.1;

  /** Checks each parameter against the model and names the first one that does not fit. */
  static ResolvedQuery resolve(LocalizationQuery query, int numClasses, double defaultThreshold) {
    if (query.topK() < 1 || query.topK() > numClasses) {
      throw new InvalidQueryException(
          "topk", "parameter 'topk' must be between 1 and " + numClasses + ", got " + query.topK());
    }
    for (int classIndex : query.classes()) {
      if (classIndex < 0 || classIndex >= numClasses) {
        throw new InvalidQueryException(
            "classes",
            "parameter 'classes' has index "
                + classIndex
                + "; valid indices are 0.."
                + (numClasses - 1));
      }
    }
    if (query.classes().stream().distinct().count() != query.classes().size()) {
      throw new InvalidQueryException("classes", "parameter 'classes' lists a class twice");
    }
    double threshold = query.threshold() == null ? defaultThreshold : query.threshold();
    if (!(threshold > 0 && threshold < 1)) {
      throw new InvalidQueryException(
          "threshold", "parameter 'threshold' must be strictly between 0 and 1, got " + threshold);
    }
    double minBoxArea = query.minBoxArea() == null ? DEFAULT_MIN_BOX_AREA : query.minBoxArea();
    if (!(minBoxArea > 0 && minBoxArea <= 1)) {
      throw new InvalidQueryException(
          "minBoxArea",
          "parameter 'minBoxArea' must be greater than 0 and at most 1, got " + minBoxArea);
    }
    return new ResolvedQuery(
        query.topK(),
        query.classes(),
        threshold,
        query.includeMaps(),
        query.fusion(),
        query.boxes(),
        minBoxArea,
        query.evidence());
  }

  /**
   * Only what an overlay draws: the first class of this query (the most probable one when no
   * classes were listed), with its map, and no evidence passes (an overlay does not show them).
   */
  ResolvedQuery drawn() {
    return new ResolvedQuery(
        1,
        classes.isEmpty() ? classes : classes.subList(0, 1),
        threshold,
        true,
        fusion,
        boxes,
        minBoxArea,
        false);
  }
}
