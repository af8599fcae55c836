package io.tscam.server.evaluation;

/**
 * Whether evidence=true tells a good box from a bad one without ground truth: the keep and remove
 * probabilities of the ground-truth class's official box, for boxes with IoU >= 0.5 (good) and
 * below (bad), and the ROC AUC of keep - remove as a score for "good" (0.5: no better than chance).
 *
 * @param rocAuc null when one of the groups is empty
 */
record EvidenceSeparation(Group good, Group bad, Double rocAuc) {

  /**
   * @param boxes how many boxes are in the group
   * @param meanKeep mean probability of the class with only its box left (null for no boxes)
   * @param meanRemove mean probability of the class with its box removed (null for no boxes)
   */
  record Group(int boxes, Double meanKeep, Double meanRemove) {}
}
