package io.tscam.server.evaluation;

import io.tscam.server.localization.Evidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adds up the evidence of each image's official box by whether the box is good. Not thread-safe.
 */
final class EvidenceTally {

  private static final double GOOD_IOU = 0.5;

  private final List<Evidence> good = new ArrayList<>();
  private final List<Evidence> bad = new ArrayList<>();

  void add(double iou, Evidence evidence) {
    (iou >= GOOD_IOU ? good : bad).add(evidence);
  }

  EvidenceSeparation separation() {
    return new EvidenceSeparation(group(good), group(bad), rocAuc());
  }

  private static EvidenceSeparation.Group group(List<Evidence> boxes) {
    if (boxes.isEmpty()) {
      return new EvidenceSeparation.Group(0, null, null);
    }
    double keep = boxes.stream().mapToDouble(Evidence::keep).average().orElseThrow();
    double remove = boxes.stream().mapToDouble(Evidence::remove).average().orElseThrow();
    return new EvidenceSeparation.Group(boxes.size(), keep, remove);
  }

  /**
   * The Mann-Whitney form of the ROC AUC: the chance that a good box scores higher than a bad one
   * (ties count half), from the ranks of all scores, ties sharing their mean rank.
   */
  private Double rocAuc() {
    if (good.isEmpty() || bad.isEmpty()) {
      return null;
    }
    int n = good.size() + bad.size();
    double[][] scored = new double[n][2]; // {score, 1 if good}
    for (int i = 0; i < n; i++) {
      Evidence e = i < good.size() ? good.get(i) : bad.get(i - good.size());
      scored[i][0] = e.keep() - e.remove();
      scored[i][1] = i < good.size() ? 1 : 0;
    }
    Arrays.sort(scored, (a, b) -> Double.compare(a[0], b[0]));
    double goodRanks = 0;
    for (int start = 0; start < n; ) {
      int end = start;
      while (end < n && scored[end][0] == scored[start][0]) {
        end++;
      }
      double meanRank = (start + 1 + end) / 2.0; // ranks start+1..end
      for (int i = start; i < end; i++) {
        goodRanks += scored[i][1] * meanRank;
      }
      start = end;
    }
    double goods = good.size();
    return (goodRanks - goods * (goods + 1) / 2) / (goods * bad.size());
  }
}
