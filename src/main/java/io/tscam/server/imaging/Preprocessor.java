package io.tscam.server.imaging;

import io.tscam.server.cam.ImageSize;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;

/**
 * An image to the model's input tensor, exactly as the reference preprocessing does it (see
 * tools/tscam/reference.py {@code preprocess}): PIL bilinear resize straight to the input size,
 * then {@code x / 255} and {@code (x - mean) / std} in float32, channels first (CHW, RGB).
 *
 * <p>Writes into the caller's array at an offset. Thread-safe.
 */
public final class Preprocessor {

  private static final int CHANNELS = 3;

  private final ImageSize inputSize;
  private final float[][] normalisedLevels;
  private final RgbConverter converter = new RgbConverter();
  private final PillowBilinearResizer resizer = new PillowBilinearResizer();

  /**
   * @param inputSize the model input (the tensor is [3, height, width])
   * @param mean per RGB channel, in [0, 1] units; rounded to float32 as numpy does
   * @param std per RGB channel, positive
   */
  public Preprocessor(ImageSize inputSize, double[] mean, double[] std) {
    if (mean.length != CHANNELS || std.length != CHANNELS) {
      throw new IllegalArgumentException("mean and std need one value per RGB channel");
    }
    this.inputSize = inputSize;
    this.normalisedLevels = new float[CHANNELS][];
    for (int channel = 0; channel < CHANNELS; channel++) {
      if (!(std[channel] > 0)) {
        throw new IllegalArgumentException("std must be positive: " + std[channel]);
      }
      normalisedLevels[channel] = normalisedLevels((float) mean[channel], (float) std[channel]);
    }
  }

  /**
   * Every 8-bit level's tensor value, computed with numpy's float32 operations in numpy's order, so
   * a table lookup gives the reference's values exactly.
   */
  private static float[] normalisedLevels(float mean, float std) {
    float[] levels = new float[256];
    for (int level = 0; level < 256; level++) {
      levels[level] = ((float) level / 255f - mean) / std;
    }
    return levels;
  }

  public ImageSize inputSize() {
    return inputSize;
  }

  /** The number of floats one image takes: 3 x height x width. */
  public int tensorLength() {
    return CHANNELS * planeLength();
  }

  public void write(BufferedImage image, float[] destination, int offset) {
    Objects.checkFromIndexSize(offset, tensorLength(), destination.length);
    byte[] bgr = resized(image);
    for (int channel = 0; channel < CHANNELS; channel++) {
      writePlane(bgr, channel, destination, offset + channel * planeLength());
    }
  }

  private int planeLength() {
    return inputSize.width() * inputSize.height();
  }

  /** The input-sized pixels, 3 bytes per pixel in B, G, R order. */
  private byte[] resized(BufferedImage image) {
    BufferedImage rgb = converter.toRgb(image);
    byte[] bgr = ((DataBufferByte) rgb.getRaster().getDataBuffer()).getData();
    return resizer.resize(bgr, new ImageSize(rgb.getWidth(), rgb.getHeight()), inputSize);
  }

  private void writePlane(byte[] bgr, int channel, float[] destination, int offset) {
    float[] levels = normalisedLevels[channel];
    int source = CHANNELS - 1 - channel; // R is the third byte of each B, G, R pixel
    for (int i = 0; i < planeLength(); i++, source += CHANNELS) {
      destination[offset + i] = levels[bgr[source] & 0xFF];
    }
  }
}
