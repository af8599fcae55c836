package io.tscam.server.imaging;

import io.tscam.server.cam.Box;

/**
 * A box in the source image's pixels (after orientation), with the class label and score to print
 * on it.
 */
public record LabelledBox(Box box, String label, double score) {

  public LabelledBox {
    if (box.x1() < 0 || box.y1() < 0 || box.width() == 0 || box.height() == 0) {
      throw new IllegalArgumentException("Not a box to draw: " + box);
    }
  }
}
