package io.tscam.server.evaluation;

import java.util.List;

/**
 * MaxBoxAccV2 (Choe et al., CVPR 2020): the mean over IoU 0.3, 0.5 and 0.7 of the best box accuracy
 * over the cam-threshold sweep, all contours' boxes considered.
 *
 * @param value the mean, in percent
 * @param atIou the best accuracy and its threshold at each IoU level
 */
record MaxBoxAccV2(double value, List<AtIou> atIou) {

  public MaxBoxAccV2 {
    atIou = List.copyOf(atIou);
  }

  static MaxBoxAccV2 of(List<AtIou> levels) {
    return new MaxBoxAccV2(
        levels.stream().mapToDouble(AtIou::boxAccuracy).average().orElse(0), levels);
  }

  /**
   * @param iou the IoU level
   * @param boxAccuracy the best box accuracy over the sweep, in percent
   * @param bestCamThreshold the (lowest) cam threshold reaching it
   */
  public record AtIou(double iou, double boxAccuracy, double bestCamThreshold) {}
}
