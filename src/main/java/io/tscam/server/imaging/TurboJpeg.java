package io.tscam.server.imaging;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system's libjpeg-turbo through its TurboJPEG API: the decoder Pillow, OpenCV and browsers
 * use. Each {@link Decompression} owns one TurboJPEG handle and native copy of the JPEG, freed on
 * {@link Decompression#close()}; handles are not thread-safe, so each decode opens its own.
 */
final class TurboJpeg {

  private static final Logger log = LoggerFactory.getLogger(TurboJpeg.class);

  /** JNA finds libturbojpeg.so, or the versioned libturbojpeg.so.0 runtime packages ship. */
  private static final String LIBRARY_NAME = "turbojpeg";

  /** The largest byte array a JVM reliably allocates. */
  private static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private static final int DECODE_FLAGS =
      TurboJpegLibrary.TJFLAG_ACCURATEDCT | TurboJpegLibrary.TJFLAG_LIMITSCANS;

  private final TurboJpegLibrary library;
  private final String description;
  private final RgbConverter converter = new RgbConverter();

  private TurboJpeg(TurboJpegLibrary library, String description) {
    this.library = library;
    this.description = description;
  }

  /** The installed library, loaded once; empty, with one warning, where it is missing. */
  static Optional<TurboJpeg> system() {
    return SystemLibrary.INSTANCE;
  }

  /** Holder idiom: the library is looked up (and the warning logged) on first use only. */
  private static final class SystemLibrary {
    static final Optional<TurboJpeg> INSTANCE = load(LIBRARY_NAME);
  }

  /** The library of that name, or empty with one warning where it cannot be loaded. */
  static Optional<TurboJpeg> load(String name) {
    try {
      TurboJpegLibrary library = Native.load(name, TurboJpegLibrary.class);
      return Optional.of(
          new TurboJpeg(library, "libjpeg-turbo (TurboJPEG " + apiVersion(name) + ")"));
    } catch (LinkageError missing) {
      log.warn(
          "libjpeg-turbo's TurboJPEG library is not installed ({}): JPEG uploads are decoded with"
              + " ImageIO, several times slower on large photos. Install libturbojpeg0 (Debian)"
              + " or libturbojpeg (Ubuntu).",
          missing.getMessage().lines().findFirst().orElse("")); // JNA lists every path tried
      return Optional.empty();
    }
  }

  /** TurboJPEG 3 added the tj3 functions; the 2.x ones this class calls are in both. */
  private static String apiVersion(String name) {
    try {
      NativeLibrary.getInstance(name).getFunction("tj3Init");
      return "3 API";
    } catch (UnsatisfiedLinkError onlyVersion2) {
      return "2 API";
    }
  }

  String description() {
    return description;
  }

  Decompression open(byte[] jpeg) {
    return new Decompression(jpeg);
  }

  /** One JPEG being decoded. Not thread-safe. */
  final class Decompression implements AutoCloseable {

    private final Pointer handle;
    private final Pointer jpeg;
    private final NativeLong jpegSize;
    private int width;
    private int height;
    private int colourspace;

    private Decompression(byte[] data) {
      jpeg = allocate(data.length);
      Pointer created = null;
      try {
        jpeg.write(0, data, 0, data.length);
        created = library.tjInitDecompress();
        if (created == null) {
          throw new IllegalStateException(
              "TurboJPEG cannot create a decompressor: " + library.tjGetErrorStr2(null));
        }
      } finally {
        if (created == null) {
          library.tjFree(jpeg);
        }
      }
      handle = created;
      jpegSize = new NativeLong(data.length);
    }

    /**
     * Reads the frame header: the stored raster's size and colour space. False when TurboJPEG
     * cannot tell them (a corrupt header, or a sampling layout TurboJPEG 2 does not classify).
     */
    boolean readHeader() {
      int[] w = new int[1];
      int[] h = new int[1];
      int[] subsampling = new int[1];
      int[] space = new int[1];
      if (library.tjDecompressHeader3(handle, jpeg, jpegSize, w, h, subsampling, space) != 0) {
        return false;
      }
      width = w[0];
      height = h[0];
      colourspace = space[0];
      return true;
    }

    int width() {
      return width;
    }

    int height() {
      return height;
    }

    /**
     * Decodes at 1/{@code denominator} of the stored size (1, 2, 4 or 8: scaled inside the IDCT, so
     * the skipped detail is never computed) to TYPE_3BYTE_BGR. libjpeg cannot turn CMYK or YCCK
     * into RGB; those come out as CMYK and are converted as PIL converts them.
     */
    BufferedImage decode(int denominator) {
      int scaledWidth = (width + denominator - 1) / denominator; // TurboJPEG's TJSCALED
      int scaledHeight = (height + denominator - 1) / denominator;
      boolean cmyk =
          colourspace == TurboJpegLibrary.TJCS_CMYK || colourspace == TurboJpegLibrary.TJCS_YCCK;
      int channels = cmyk ? 4 : 3;
      long size = (long) scaledWidth * scaledHeight * channels;
      if (size > MAX_ARRAY_BYTES) {
        // Only a pixel limit raised far past the default lets a header get here.
        throw new UndecodableImageException(
            "A " + scaledWidth + "x" + scaledHeight + " raster does not fit in one Java array");
      }
      int bytes = (int) size;
      Pointer pixels = allocate(bytes);
      try {
        int status =
            library.tjDecompress2(
                handle,
                jpeg,
                jpegSize,
                pixels,
                scaledWidth,
                0,
                scaledHeight,
                cmyk ? TurboJpegLibrary.TJPF_CMYK : TurboJpegLibrary.TJPF_BGR,
                DECODE_FLAGS);
        if (status != 0) {
          refuseUnlessHarmless();
        }
        return cmyk
            ? converter.fromAdobeCmyk(copy(pixels, new byte[bytes]), scaledWidth, scaledHeight)
            : bgrImage(pixels, scaledWidth, scaledHeight);
      } finally {
        library.tjFree(pixels);
      }
    }

    /**
     * libjpeg reports recoverable problems as warnings and decodes on. A warning that the data
     * ended early is refused, as PIL refuses truncated files; others (extraneous bytes between
     * markers) are tolerated as PIL tolerates them. Errors always refuse.
     */
    private void refuseUnlessHarmless() {
      String message = library.tjGetErrorStr2(handle);
      if (library.tjGetErrorCode(handle) != TurboJpegLibrary.TJERR_WARNING) {
        throw new UndecodableImageException("The JPEG data cannot be decoded: " + message);
      }
      if (TruncationWarnings.meansTruncation(message)) {
        throw new UndecodableImageException("The image data is truncated: " + message);
      }
    }

    @Override
    public void close() {
      library.tjDestroy(handle);
      library.tjFree(jpeg);
    }
  }

  private Pointer allocate(int bytes) {
    Pointer buffer = library.tjAlloc(bytes);
    if (buffer == null) {
      throw new OutOfMemoryError("TurboJPEG could not allocate " + bytes + " bytes");
    }
    return buffer;
  }

  private static BufferedImage bgrImage(Pointer pixels, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    copy(pixels, ((DataBufferByte) image.getRaster().getDataBuffer()).getData());
    return image;
  }

  private static byte[] copy(Pointer pixels, byte[] target) {
    pixels.read(0, target, 0, target.length);
    return target;
  }
}
