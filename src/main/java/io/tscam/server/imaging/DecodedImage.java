package io.tscam.server.imaging;

import io.tscam.server.cam.ImageSize;
import java.awt.image.BufferedImage;

/**
 * An upload decoded to 8-bit sRGB, EXIF orientation applied.
 *
 * @param image the pixels, always {@link BufferedImage#TYPE_3BYTE_BGR}; smaller than {@code width}
 *     x {@code height} when the decoder read a much larger source at a reduced scale
 * @param width the width of the whole source image after orientation, which is what boxes in image
 *     space refer to
 * @param height the height of the whole source image after orientation
 * @param format the format sniffed from the bytes
 */
public record DecodedImage(BufferedImage image, int width, int height, ImageFormat format) {

  public DecodedImage {
    if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
      throw new IllegalArgumentException(
          "Decoded images are TYPE_3BYTE_BGR, not " + image.getType());
    }
    if (image.getWidth() > width || image.getHeight() > height) {
      throw new IllegalArgumentException("The pixels cannot be larger than the source image");
    }
  }

  public ImageSize size() {
    return new ImageSize(width, height);
  }
}
