package io.tscam.server.imaging;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.tscam.server.cam.ImageSize;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Optional;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads any supported format with ImageIO. A large source is read with source subsampling (every
 * n-th pixel, as {@link ReducedRead#subsampling} says). JPEG comes here only where libjpeg-turbo is
 * missing or cannot parse the header. Thread-safe: every call uses its own reader.
 */
final class ImageIoRasters {

  private final PixelLimit limit;
  private final ImageReaders readers = new ImageReaders();

  ImageIoRasters(PixelLimit limit) {
    this.limit = limit;
  }

  StoredImage read(
      ImageFormat format, byte[] data, ExifOrientation orientation, ReducedRead reduction) {
    ImageReader reader = createReader(format);
    try (ImageInputStream input = new ByteArrayImageInputStream(data)) {
      reader.setInput(input, true, true);
      ImageSize upright = orientation.upright(limit.check(reader.getWidth(0), reader.getHeight(0)));
      return new StoredImage(read(reader, reduction.subsampling(upright)), upright);
    } catch (ImageRejectedException rejected) {
      throw rejected;
    } catch (IOException | RuntimeException readerFailure) {
      // ImageIO readers throw IllegalStateException, IndexOutOfBounds... on hostile input.
      throw new UndecodableImageException(
          "The " + format + " data cannot be decoded: " + readerFailure.getMessage(),
          readerFailure);
    } finally {
      reader.dispose();
    }
  }

  private ImageReader createReader(ImageFormat format) {
    try {
      return readers.create(format);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot create the " + format + " reader", e);
    }
  }

  private static BufferedImage read(ImageReader reader, int subsampling) throws IOException {
    ImageReadParam param = reader.getDefaultReadParam();
    if (subsampling > 1) {
      // Offset half a step, so each kept pixel sits in the middle of the ones it stands for.
      param.setSourceSubsampling(subsampling, subsampling, subsampling / 2, subsampling / 2);
    }
    TruncationWarnings warnings = new TruncationWarnings();
    reader.addIIOReadWarningListener(warnings);
    BufferedImage image = reader.read(0, param);
    Optional<String> truncation = warnings.truncation();
    if (truncation.isPresent()) {
      throw new UndecodableImageException("The image data is truncated: " + truncation.get());
    }
    return image;
  }
}
