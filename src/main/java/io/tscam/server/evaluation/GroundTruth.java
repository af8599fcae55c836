package io.tscam.server.evaluation;

import java.util.List;

/** An image's ground-truth boxes in model-input space; a prediction scores its best IoU. */
record GroundTruth(List<IouBox> boxes) {

  public GroundTruth {
    if (boxes.isEmpty()) {
      throw new IllegalArgumentException("an image needs at least one ground-truth box");
    }
    boxes = List.copyOf(boxes);
  }

  /** The largest IoU of the prediction with any ground-truth box, as the official code takes it. */
  public double bestIou(IouBox predicted) {
    double best = 0;
    for (IouBox box : boxes) {
      best = Math.max(best, predicted.iou(box));
    }
    return best;
  }

  /** The largest IoU of any of the predictions with any ground-truth box (MaxBoxAccV2). */
  public double bestIou(List<IouBox> predictions) {
    double best = 0;
    for (IouBox predicted : predictions) {
      best = Math.max(best, bestIou(predicted));
    }
    return best;
  }
}
