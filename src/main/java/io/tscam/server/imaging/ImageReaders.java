package io.tscam.server.imaging;

import com.twelvemonkeys.imageio.plugins.jpeg.JPEGImageReaderSpi;
import java.io.IOException;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;

/**
 * The reader for each format, chosen explicitly rather than by ImageIO's probing: the format is
 * already known from the magic bytes, and JPEG must be TwelveMonkeys' reader (CMYK/YCCK, broken APP
 * segments), which a fat jar's class loader may not have registered on its own.
 */
final class ImageReaders {

  private final Map<ImageFormat, ImageReaderSpi> providers = new EnumMap<>(ImageFormat.class);

  ImageReaders() {
    for (ImageFormat format : ImageFormat.values()) {
      providers.put(format, format == ImageFormat.JPEG ? twelveMonkeysJpeg() : builtIn(format));
    }
  }

  ImageReader create(ImageFormat format) throws IOException {
    return providers.get(format).createReaderInstance();
  }

  private static ImageReaderSpi twelveMonkeysJpeg() {
    IIORegistry registry = IIORegistry.getDefaultInstance();
    JPEGImageReaderSpi registered = registry.getServiceProviderByClass(JPEGImageReaderSpi.class);
    if (registered != null) {
      return registered;
    }
    // Registration is what hands the provider its delegate, the JDK's own JPEG reader.
    JPEGImageReaderSpi provider = new JPEGImageReaderSpi();
    registry.registerServiceProvider(provider, ImageReaderSpi.class);
    return provider;
  }

  private static ImageReaderSpi builtIn(ImageFormat format) {
    Iterator<ImageReader> readers =
        ImageIO.getImageReadersByFormatName(format.name().toLowerCase(Locale.ROOT));
    if (!readers.hasNext()) {
      throw new IllegalStateException("This JDK has no ImageIO reader for " + format);
    }
    return readers.next().getOriginatingProvider();
  }
}
