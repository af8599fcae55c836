package io.tscam.server.browser;

import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Looks for a box outline drawn into an overlay: near each of the box's left, right and bottom
 * edges (the label may cover the top) there must be a line of pixels of one exact colour, the same
 * colour on all three edges. A heatmap blend never produces that by chance, so finding it proves
 * the box was drawn where the JSON answer says, without depending on the renderer's colour choice.
 */
final class DrawnBoxOutline {

  /** How far (px) from the expected edge the stroke may lie: stroke width and rounding. */
  private static final int SEARCH = 4;

  /** Share of an edge's middle part that must be the outline colour. */
  private static final double COVERAGE = 0.9;

  private record Line(int rgb, double share) {}

  private final BufferedImage image;

  DrawnBoxOutline(BufferedImage image) {
    this.image = image;
  }

  /** The outline colour (0xRRGGBB) if the box x1..x2, y1..y2 (exclusive ends) is outlined. */
  Optional<Integer> colourAround(int x1, int y1, int x2, int y2) {
    Line left = bestLine(x1, y1, y2, true);
    Line right = bestLine(x2 - 1, y1, y2, true);
    Line bottom = bestLine(y2 - 1, x1, x2, false);
    boolean outlined =
        left.share() >= COVERAGE
            && right.share() >= COVERAGE
            && bottom.share() >= COVERAGE
            && left.rgb() == right.rgb()
            && left.rgb() == bottom.rgb();
    return outlined ? Optional.of(left.rgb()) : Optional.empty();
  }

  /** The most uniform column (vertical) or row near `at`, over the middle 60 % of from..to. */
  private Line bestLine(int at, int from, int to, boolean vertical) {
    int margin = (to - from) / 5;
    Line best = new Line(0, 0);
    for (int offset = -SEARCH; offset <= SEARCH; offset++) {
      int position = at + offset;
      int limit = vertical ? image.getWidth() : image.getHeight();
      if (position < 0 || position >= limit) {
        continue;
      }
      Line line = dominantColour(position, from + margin, to - margin, vertical);
      if (line.share() > best.share()) {
        best = line;
      }
    }
    return best;
  }

  private Line dominantColour(int position, int from, int to, boolean vertical) {
    Map<Integer, Integer> counts = new HashMap<>();
    int total = 0;
    for (int i = Math.max(0, from); i < to; i++) {
      int x = vertical ? position : i;
      int y = vertical ? i : position;
      if (x >= image.getWidth() || y >= image.getHeight()) {
        continue;
      }
      counts.merge(image.getRGB(x, y) & 0xFFFFFF, 1, Integer::sum);
      total++;
    }
    if (total == 0) {
      return new Line(0, 0);
    }
    Map.Entry<Integer, Integer> top =
        counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    return new Line(top.getKey(), top.getValue() / (double) total);
  }
}
