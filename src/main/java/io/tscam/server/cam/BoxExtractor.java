package io.tscam.server.cam;

/**
 * From a coupled map on the token grid to boxes in model-input space, with the official TS-CAM
 * evaluation's OpenCV semantics: bilinear upsample to the input size, min-max to uint8, threshold
 * to zero, largest contour by area, its bounding rectangle. Thread-safe.
 */
public final class BoxExtractor {

  private final ImageSize inputSize;

  public BoxExtractor(ImageSize inputSize) {
    this.inputSize = inputSize;
  }

  public ImageSize inputSize() {
    return inputSize;
  }

  /** Upsamples and normalises once; the result answers boxes at any threshold. */
  public NormalizedCam normalize(GridMap map) {
    BilinearUpsampler upsampler = new BilinearUpsampler(map.height(), map.width(), inputSize);
    return NormalizedCam.fromUpsampled(upsampler.upsample(map.values()), inputSize);
  }

  /** The official box at one threshold (a fraction of the map maximum, e.g. 0.1 for CUB). */
  public Box largestContourBox(GridMap map, double camThreshold) {
    return normalize(map).largestContourBox(camThreshold);
  }
}
