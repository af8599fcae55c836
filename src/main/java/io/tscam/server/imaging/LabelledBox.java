package io.tscam.server.imaging;

/**
 * A box in the source image's pixels (after orientation), {@code [x1, x2)} by {@code [y1, y2)} as
 * the reference's boxes are, with the class label and score to print on it.
 */
public record LabelledBox(int x1, int y1, int x2, int y2, String label, double score) {

  public LabelledBox {
    if (x1 < 0 || y1 < 0 || x2 <= x1 || y2 <= y1) {
      throw new IllegalArgumentException("Not a box: [%d, %d, %d, %d]".formatted(x1, y1, x2, y2));
    }
  }
}
