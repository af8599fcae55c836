package io.tscam.server.imaging;

import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import io.tscam.server.cam.ImageSize;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Optional;
import java.util.function.ToIntFunction;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Uploaded bytes to an upright 8-bit sRGB image, or a precise {@link ImageRejectedException}.
 *
 * <p>The format comes from the magic bytes; the raster size from the header, checked against the
 * pixel limit before any pixel is decoded; JPEG EXIF orientation is applied; pixels follow PIL's
 * {@code convert("RGB")} (see {@link RgbConverter}). Thread-safe: every call uses its own reader.
 */
public final class ImageDecoder {

  /** Comfortably above a 24 MP camera photo, far below what would strain the heap. */
  public static final long DEFAULT_MAX_PIXELS = 40_000_000L;

  private final long maxPixels;
  private final FormatSniffer sniffer = new FormatSniffer();
  private final ImageReaders readers = new ImageReaders();
  private final RgbConverter converter = new RgbConverter();

  public ImageDecoder(long maxPixels) {
    if (maxPixels <= 0) {
      throw new IllegalArgumentException("The pixel limit must be positive: " + maxPixels);
    }
    this.maxPixels = maxPixels;
  }

  public ImageDecoder() {
    this(DEFAULT_MAX_PIXELS);
  }

  /** Decodes every pixel. */
  public DecodedImage decode(byte[] data) {
    return decode(data, upright -> 1);
  }

  /**
   * Decodes for a model input of {@code inputSize}: a source at least 4 inputs wide and high is
   * read at a reduced scale down to no less than 2 inputs per side (see {@link ReducedRead}), which
   * saves most of the memory and colour conversion of a large photo. Smaller sources are decoded
   * exactly, so ordinary images match the reference bit for bit.
   */
  public DecodedImage decode(byte[] data, ImageSize inputSize) {
    return decode(data, ReducedRead.forInput(inputSize));
  }

  /**
   * Decodes, reading a large source at a reduced scale as {@code reduction} says. {@link
   * DecodedImage#width()} and {@link DecodedImage#height()} stay the source's.
   */
  public DecodedImage decode(byte[] data, ReducedRead reduction) {
    return decode(data, reduction::subsampling);
  }

  private DecodedImage decode(byte[] data, ToIntFunction<ImageSize> subsampling) {
    if (data.length == 0) {
      throw new UndecodableImageException("The upload is empty");
    }
    ImageFormat format = sniffer.sniff(data);
    ExifOrientation orientation = ExifOrientation.UPRIGHT;
    byte[] decodable = data;
    if (format == ImageFormat.JPEG) {
      JpegSegments segments = JpegSegments.parse(data);
      orientation = segments.orientation();
      decodable = segments.withoutColourProfile();
    }
    StoredImage stored = read(format, decodable, orientation, subsampling);
    BufferedImage pixels = orientation.upright(converter.toRgb(stored.pixels()));
    return new DecodedImage(pixels, stored.upright().width(), stored.upright().height(), format);
  }

  /** The raster as the reader returns it, and the whole source's size once upright. */
  private record StoredImage(BufferedImage pixels, ImageSize upright) {}

  private StoredImage read(
      ImageFormat format,
      byte[] data,
      ExifOrientation orientation,
      ToIntFunction<ImageSize> subsampling) {
    ImageReader reader = createReader(format);
    try (ImageInputStream input = new ByteArrayImageInputStream(data)) {
      reader.setInput(input, true, true);
      ImageSize upright = orientation.upright(storedSize(reader));
      return new StoredImage(read(reader, subsampling.applyAsInt(upright)), upright);
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

  private ImageSize storedSize(ImageReader reader) throws IOException {
    int width = reader.getWidth(0);
    int height = reader.getHeight(0);
    if (width <= 0 || height <= 0) {
      throw new UndecodableImageException(
          "The header declares " + width + "x" + height + " pixels");
    }
    if ((long) width * height > maxPixels) {
      throw new ImageTooLargeException(width, height, maxPixels);
    }
    return new ImageSize(width, height);
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
