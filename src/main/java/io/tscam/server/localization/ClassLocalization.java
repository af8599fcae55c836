package io.tscam.server.localization;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.GridMap;
import java.util.List;

/**
 * One localized class.
 *
 * @param score softmax probability
 * @param box the box in original-image pixels (x2, y2 exclusive)
 * @param inputBox the box in model-input space, as the official evaluation computes it
 * @param map the coupled TS-CAM map on the token grid, when asked for
 * @param objects one box per object, largest first, with boxes=all (null otherwise)
 * @param evidence the class's probability with its box kept and removed, when asked for
 */
public record ClassLocalization(
    int classIndex,
    String label,
    double score,
    Box box,
    Box inputBox,
    GridMap map,
    List<ObjectBox> objects,
    Evidence evidence) {

  /** This class with its evidence. */
  ClassLocalization withEvidence(Evidence found) {
    return new ClassLocalization(classIndex, label, score, box, inputBox, map, objects, found);
  }
}
