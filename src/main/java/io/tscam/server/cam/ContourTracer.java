package io.tscam.server.cam;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Suzuki-Abe border following as OpenCV 4.6's findContours(RETR_TREE, CHAIN_APPROX_SIMPLE) does it
 * on an 8-bit image, ported step by step from its C implementation (contours.cpp) so that the
 * traced points, the hierarchy and the output order all match, ties between equal areas included.
 *
 * <p>The image is a 0/1 mask with a zero frame (stride = width + 2). Tracing marks border pixels in
 * place with signed labels, as OpenCV does in its schar image: the label of the contour, with the
 * sign bit set where the pixel's right neighbour is background. Labels run 2..127 and then wrap to
 * 3, so with more than 126 contours several share a label; the parent of a new contour is then
 * found among the contours with the label the scan last crossed, by bounding rectangle and by
 * retracing (OpenCV's own disambiguation, reproduced rather than fixed).
 *
 * <p>Output order: OpenCV inserts each contour at the head of its parent's child list and then
 * walks the tree in pre-order, so siblings come out in reverse discovery order, each followed by
 * its subtree. One tracer per mask; not reusable.
 */
final class ContourTracer {

  // Chain-code directions 0..7: right, up-right, up, up-left, left, down-left, down, down-right.
  private static final int[] STEP_X = {1, 1, 0, -1, -1, -1, 0, 1};
  private static final int[] STEP_Y = {0, -1, -1, -1, 0, 1, 1, 1};
  private static final int FIRST_LABEL = 2;
  private static final int WRAPPED_LABEL = 3;
  private static final int LABEL_BITS = 0x7f;
  private static final int RIGHT_EDGE_FLAG = 0x80;

  private final byte[] image;
  private final int stride;
  private final int rows;
  // Offsets of the 8 neighbours, twice over so a search can run past direction 7.
  private final int[] neighbour = new int[16];
  private final Border frame = Border.frame();
  private final Border[] labelChains = new Border[128];
  private int discovered;

  ContourTracer(byte[] paddedMask, int stride, int rows) {
    this.image = paddedMask;
    this.stride = stride;
    this.rows = rows;
    int[] deltas = {1, -stride + 1, -stride, -stride - 1, -1, stride - 1, stride, stride + 1};
    for (int s = 0; s < 16; s++) {
      neighbour[s] = deltas[s & 7];
    }
  }

  List<Contour> trace() {
    scan();
    return preOrder();
  }

  /** cvFindNextContour's raster scan, run to the end. */
  private void scan() {
    int label = FIRST_LABEL;
    for (int y = 1; y < rows - 1; y++) {
      int row = y * stride;
      int previous = 0;
      int lastBorderX = 0; // OpenCV's lnbd.x: where the scan last crossed a traced border
      for (int x = 1; x < stride - 1; x++) {
        int pixel = image[row + x];
        if (pixel == previous) {
          continue;
        }
        boolean outer = previous == 0 && pixel == 1;
        boolean hole = !outer && pixel == 0 && previous >= 1;
        if (outer || hole) {
          if (hole && (previous & -2) != 0) {
            lastBorderX = x - 1;
          }
          Border parent = lastBorderX <= 0 ? frame : parentAt(lastBorderX, y, hole);
          lastBorderX = hole ? x - 1 : x;
          follow(lastBorderX, y, hole, label, parent);
          label = nextLabel(label);
          previous = image[row + x];
        } else {
          previous = pixel;
          if ((previous & -2) != 0) {
            lastBorderX = x;
          }
        }
      }
    }
  }

  private static int nextLabel(int label) {
    int next = (label + 1) & LABEL_BITS;
    return next == 0 ? WRAPPED_LABEL : next;
  }

  /**
   * The parent of a new border whose scan last crossed the border pixel (x, y): that border if it
   * is of the other kind (outer vs hole), else that border's parent.
   */
  private Border parentAt(int x, int y, boolean hole) {
    int stop = y * stride + x;
    Border crossed = null;
    for (Border candidate = labelChains[image[stop] & LABEL_BITS];
        candidate != null;
        candidate = candidate.sameLabelNext) {
      if (candidate.lookupRectContains(x, y)) {
        if (crossed != null && isLastBorderThrough(crossed, stop)) {
          break;
        }
        crossed = candidate;
      }
    }
    if (crossed == null) {
      throw new IllegalStateException("no traced border at (" + x + ", " + y + ")");
    }
    return crossed.hole != hole ? crossed : crossed.parent;
  }

  /**
   * icvTraceContour: retraces {@code border} and tells whether it passes through {@code stop} as
   * the last border a raster scan would meet there.
   */
  private boolean isLastBorderThrough(Border border, int stop) {
    int start = border.origin;
    int s = border.hole ? 0 : 4;
    int searchEnd = s;
    int second;
    do {
      s = (s - 1) & 7;
      second = start + neighbour[s];
    } while (image[second] == 0 && s != searchEnd);
    if (s == searchEnd) {
      return start == stop;
    }
    int current = start;
    while (true) {
      int next = current;
      while (s < 15) {
        next = current + neighbour[++s];
        if (image[next] != 0) {
          break;
        }
      }
      if (current == stop) {
        if ((image[current] & RIGHT_EDGE_FLAG) == 0) {
          return true;
        }
        int t = s;
        while (true) {
          t = (t - 1) & 7;
          if (image[current + neighbour[t]] != 0) {
            break;
          }
          if (t == 0) {
            return true;
          }
        }
      }
      if (next == start && current == second) {
        return false;
      }
      current = next;
      s = (s + 4) & 7;
    }
  }

  /** icvFetchContourEx with CHAIN_APPROX_SIMPLE: traces, marks and records one border. */
  private void follow(int x, int y, boolean hole, int label, Border parent) {
    int start = y * stride + x;
    Border border = new Border(hole, start, parent, x, y);
    discovered++;
    int s = hole ? 0 : 4;
    int searchEnd = s;
    int second;
    do {
      s = (s - 1) & 7;
      second = start + neighbour[s];
    } while (image[second] == 0 && s != searchEnd);

    if (s == searchEnd) { // a single pixel
      image[start] = (byte) (label | RIGHT_EDGE_FLAG);
      border.addVertex(x, y);
    } else {
      int current = start;
      int previousDirection = s ^ 4;
      while (true) {
        searchEnd = s;
        int next = current;
        while (s < 15) {
          next = current + neighbour[++s];
          if (image[next] != 0) {
            break;
          }
        }
        s &= 7;
        // The search passed the right neighbour, which is background: a right edge.
        if (s >= 1 && s - 1 < searchEnd) {
          image[current] = (byte) (label | RIGHT_EDGE_FLAG);
        } else if (image[current] == 1) {
          image[current] = (byte) label;
        }
        if (s != previousDirection) {
          border.addVertex(x, y); // CHAIN_APPROX_SIMPLE keeps only the turning points
        }
        previousDirection = s;
        x += STEP_X[s];
        y += STEP_Y[s];
        if (next == start && current == second) {
          break;
        }
        current = next;
        s = (s + 4) & 7;
      }
    }
    border.close();
    border.sameLabelNext = labelChains[label];
    labelChains[label] = border;
    parent.children.add(border);
  }

  private List<Contour> preOrder() {
    List<Contour> ordered = new ArrayList<>(discovered);
    Deque<Border> pending = new ArrayDeque<>();
    frame.children.forEach(pending::push);
    while (!pending.isEmpty()) {
      Border border = pending.pop();
      ordered.add(border.toContour());
      border.children.forEach(pending::push);
    }
    return ordered;
  }

  /** A traced border with what OpenCV's _CvContourInfo keeps, plus its area and point bounds. */
  private static final class Border {
    final boolean hole;
    final int origin;
    final Border parent;
    final List<Border> children = new ArrayList<>(2);
    Border sameLabelNext;
    // Bounds of the written points; OpenCV's lookup rectangle also includes the origin.
    private final int originX;
    private final int originY;
    private int minX = Integer.MAX_VALUE;
    private int minY = Integer.MAX_VALUE;
    private int maxX = Integer.MIN_VALUE;
    private int maxY = Integer.MIN_VALUE;
    private int firstX;
    private int firstY;
    private int lastX;
    private int lastY;
    private long doubledSignedArea;
    private boolean empty = true;

    Border(boolean hole, int origin, Border parent, int originX, int originY) {
      this.hole = hole;
      this.origin = origin;
      this.parent = parent;
      this.originX = originX;
      this.originY = originY;
    }

    /** The image frame: the root every top-level border hangs from (a hole, as in OpenCV). */
    static Border frame() {
      return new Border(true, -1, null, 0, 0);
    }

    void addVertex(int x, int y) {
      if (empty) {
        firstX = x;
        firstY = y;
        empty = false;
      } else {
        doubledSignedArea += (long) lastX * y - (long) lastY * x;
      }
      lastX = x;
      lastY = y;
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }

    void close() {
      doubledSignedArea += (long) lastX * firstY - (long) lastY * firstX;
    }

    boolean lookupRectContains(int x, int y) {
      int left = Math.min(minX, originX);
      int top = Math.min(minY, originY);
      int width = Math.max(maxX, originX) - left + 1;
      int height = Math.max(maxY, originY) - top + 1;
      return Integer.compareUnsigned(x - left, width) < 0
          && Integer.compareUnsigned(y - top, height) < 0;
    }

    /** In unpadded image coordinates (the frame shifts everything by one pixel). */
    Contour toContour() {
      Box bounds = new Box(minX - 1, minY - 1, maxX, maxY);
      boolean outermost = parent != null && parent.parent == null;
      return new Contour(
          bounds, Math.abs(doubledSignedArea), hole, outermost, originX - 1, originY - 1);
    }
  }
}
