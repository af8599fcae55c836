package io.tscam.server.cam;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * An upsampled map min-max normalised to uint8, as the official get_bboxes prepares it, ready for
 * box extraction at any threshold: normalise once, then ask for boxes at as many thresholds as a
 * sweep needs. Immutable and thread-safe.
 */
public final class NormalizedCam {

  private final ImageSize size;
  private final byte[] pixels;
  private final int maximum;

  private NormalizedCam(ImageSize size, byte[] pixels, int maximum) {
    this.size = size;
    this.pixels = pixels;
    this.maximum = maximum;
  }

  /**
   * numpy's {@code ((cam - cam.min()) / cam.max() * 255).astype(uint8)} in float32: subtract the
   * minimum, divide by the new maximum, times 255, truncate. A constant map divides 0 by 0; numpy's
   * NaN becomes 0, and so does Java's (int) NaN, so the map is all zeros and has no contour.
   */
  public static NormalizedCam fromUpsampled(float[] upsampled, ImageSize size) {
    if (upsampled.length != size.pixels()) {
      throw new IllegalArgumentException(
          upsampled.length + " values do not fill " + size.width() + " x " + size.height());
    }
    // Math.min/max propagate NaN, as numpy's min/max do.
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (float value : upsampled) {
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    // Rounding is monotonic, so max - min is exactly the maximum of the shifted map, the divisor
    // numpy takes after subtracting the minimum.
    float range = max - min;
    byte[] pixels = new byte[upsampled.length];
    int maximum = 0;
    for (int i = 0; i < pixels.length; i++) {
      int pixel = (int) ((upsampled[i] - min) / range * 255.0f);
      pixels[i] = (byte) pixel;
      maximum = Math.max(maximum, pixel);
    }
    return new NormalizedCam(size, pixels, maximum);
  }

  public ImageSize size() {
    return size;
  }

  /** The largest uint8 value (255 unless the map was constant). */
  int maximum() {
    return maximum;
  }

  /** A copy of the uint8 map, row-major (read values with {@code & 0xFF}). */
  byte[] toUint8() {
    return pixels.clone();
  }

  /**
   * The official threshold level for a fraction of the maximum: int(camThreshold * max), pixels
   * strictly above it survive (cv2.threshold THRESH_TOZERO).
   */
  public int level(double camThreshold) {
    if (!(camThreshold >= 0.0 && camThreshold <= 1.0)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + camThreshold);
    }
    return (int) (camThreshold * maximum);
  }

  /**
   * The official TS-CAM box: the bounding rectangle of the contour with the largest area (the first
   * one in OpenCV's order among equal areas, as Python's max() picks), or {@link Box#NO_CONTOUR}.
   */
  public Box largestContourBox(double camThreshold) {
    return largestContour(camThreshold).map(Contour::bounds).orElse(Box.NO_CONTOUR);
  }

  /** {@link #largestContourBox}'s box, or nothing when the map has no contour at all. */
  public Optional<Box> largestContourBoxIfAny(double camThreshold) {
    return largestContour(camThreshold).map(Contour::bounds);
  }

  /**
   * The object of {@link #largestContourBox}: its box and the thresholded pixels its contour
   * encloses (holes left out); nothing when the map has no contour.
   */
  public Optional<ContourMask> largestContourMask(double camThreshold) {
    return largestContour(camThreshold)
        .map(
            contour ->
                new ContourMask(
                    contour.bounds(),
                    EnclosedRegions.of(pixels, size, level(camThreshold))
                        .maskAt(contour.startX(), contour.startY())));
  }

  private Optional<Contour> largestContour(double camThreshold) {
    Contour largest = null;
    for (Contour contour : contours(camThreshold)) {
      if (largest == null || contour.twiceArea() > largest.twiceArea()) {
        largest = contour;
      }
    }
    return Optional.ofNullable(largest);
  }

  /**
   * The bounding rectangles of all contours, holes included, in OpenCV's order (the MaxBoxAccV2
   * candidates); a single {@link Box#NO_CONTOUR} when there is none, as wsolevaluation does.
   */
  public List<Box> contourBoxes(double camThreshold) {
    List<Contour> contours = contours(camThreshold);
    if (contours.isEmpty()) {
      return List.of(Box.NO_CONTOUR);
    }
    List<Box> boxes = new ArrayList<>(contours.size());
    for (Contour contour : contours) {
      boxes.add(contour.bounds());
    }
    return boxes;
  }

  /**
   * Every object of the map: one box per outer contour (findContours with RETR_EXTERNAL) whose area
   * is at least minBoxArea times the largest one's, largest first, equal areas in OpenCV's order;
   * with the share of the map inside each. The first is {@link #largestContourBox}'s box unless
   * another outer contour has the same area. Empty when the map has no contour.
   *
   * @param minBoxArea a fraction of the largest outer contour's area, in (0, 1]
   */
  public List<ContourBox> outerContourBoxes(double camThreshold, double minBoxArea) {
    return outerObjects(
        camThreshold,
        minBoxArea,
        (contour, regions) ->
            new ContourBox(contour.bounds(), regions.massAt(contour.startX(), contour.startY())));
  }

  /**
   * The objects of {@link #outerContourBoxes}, in its order, each with the thresholded pixels its
   * contour encloses (holes left out).
   */
  public List<ContourMask> outerContourMasks(double camThreshold, double minBoxArea) {
    return outerObjects(
        camThreshold,
        minBoxArea,
        (contour, regions) ->
            new ContourMask(contour.bounds(), regions.maskAt(contour.startX(), contour.startY())));
  }

  /** One value per kept outer contour, from the contour and the regions of the map. */
  private <T> List<T> outerObjects(
      double camThreshold, double minBoxArea, BiFunction<Contour, EnclosedRegions, T> object) {
    List<Contour> outer = outerContours(camThreshold, minBoxArea);
    if (outer.isEmpty()) {
      return List.of();
    }
    EnclosedRegions regions = EnclosedRegions.of(pixels, size, level(camThreshold));
    return outer.stream().map(contour -> object.apply(contour, regions)).toList();
  }

  /** The outer contours over minBoxArea of the largest one's area, largest first. */
  private List<Contour> outerContours(double camThreshold, double minBoxArea) {
    if (!(minBoxArea > 0.0 && minBoxArea <= 1.0)) {
      throw new IllegalArgumentException("minBoxArea must be in (0, 1], got " + minBoxArea);
    }
    List<Contour> outer =
        contours(camThreshold).stream()
            .filter(Contour::outermost)
            .sorted(Comparator.comparingLong(Contour::twiceArea).reversed())
            .toList();
    if (outer.isEmpty()) {
      return outer;
    }
    double smallest = minBoxArea * outer.get(0).twiceArea();
    return outer.stream().takeWhile(contour -> contour.twiceArea() >= smallest).toList();
  }

  /** All contours of the thresholded map, in the order cv2.findContours(RETR_TREE) returns them. */
  List<Contour> contours(double camThreshold) {
    int level = level(camThreshold);
    int width = size.width();
    int stride = width + 2;
    // A zero frame around the mask, as findContours pads it: the tracer never leaves the array.
    byte[] mask = new byte[stride * (size.height() + 2)];
    for (int y = 0; y < size.height(); y++) {
      int source = y * width;
      int target = (y + 1) * stride + 1;
      for (int x = 0; x < width; x++) {
        // 1 where pixel > level: the sign bit of (level - pixel), without a branch per pixel.
        mask[target + x] = (byte) ((level - (pixels[source + x] & 0xFF)) >>> 31);
      }
    }
    return new ContourTracer(mask, stride, size.height() + 2).trace();
  }
}
