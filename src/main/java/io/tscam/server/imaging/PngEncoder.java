package io.tscam.server.imaging;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A truecolour PNG tuned for speed. Chosen by measurement on the overlay of a 12 MP photo
 * (PngEncoderBenchmark, see docs/benchmarks.md): every row "Sub"-filtered and the filtered bytes
 * Huffman-coded without LZ77 matching (zlib's Z_HUFFMAN_ONLY). On a photo blended with a heat map
 * LZ77 finds few matches, so level-1 deflate spends its time searching and still writes a larger
 * file; Huffman-only coding of Sub residuals is both faster and smaller. ImageIO's writer (five
 * filters tried per row, harder deflate) is several times slower.
 *
 * <p>Even Huffman-only coding is most of the overlay's time, so the rows are filtered and deflated
 * in strips in parallel, the way pigz does: each strip a raw deflate stream ended by a sync flush
 * (a byte-aligned empty stored block), the strips concatenated inside one zlib wrapper whose
 * Adler-32 is combined from the strips'. That shortens one answer when cores are idle; under full
 * load the same work is merely spread out, so throughput does not change. Strips have a fixed
 * height, so the bytes do not depend on the machine.
 */
final class PngEncoder {

  /** PNG's per-row filters this encoder can apply (filter type byte values). */
  enum RowFilter {
    NONE,
    SUB,
    UP
  }

  /**
   * Rows per strip: 6 strips for a 768-row overlay; each strip's Huffman tables cost ~100 bytes.
   */
  static final int STRIP_ROWS = 128;

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int BIT_DEPTH = 8;
  private static final int COLOUR_TYPE_RGB = 2;

  /** zlib header: deflate with a 32 KiB window, "fastest" level hint, check bits for 31. */
  private static final byte[] ZLIB_HEADER = {0x78, 0x01};

  /** Adler-32's modulus, the largest prime below 2^16. */
  private static final int ADLER_BASE = 65521;

  private final int level;
  private final int strategy;
  private final RowFilter filter;

  PngEncoder() {
    this(Deflater.BEST_SPEED, Deflater.HUFFMAN_ONLY, RowFilter.SUB);
  }

  /** Another zlib level, strategy or filter: for measuring the alternatives. */
  PngEncoder(int level, int strategy, RowFilter filter) {
    this.level = level;
    this.strategy = strategy;
    this.filter = filter;
  }

  /**
   * @param pixels 0xRRGGBB, row-major
   */
  byte[] encode(int[] pixels, int width, int height) {
    byte[] scanlines = compressedScanlines(pixels, width, height);
    ByteArrayOutputStream png = new ByteArrayOutputStream(scanlines.length + 64);
    png.writeBytes(SIGNATURE);
    writeChunk(png, "IHDR", header(width, height));
    writeChunk(png, "IDAT", scanlines);
    writeChunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static byte[] header(int width, int height) {
    byte[] header = new byte[13];
    putInt(header, 0, width);
    putInt(header, 4, height);
    header[8] = BIT_DEPTH;
    header[9] = COLOUR_TYPE_RGB;
    return header; // compression, filter method and interlace all 0
  }

  /** The zlib stream of all filtered rows: header, the strips in order, Adler-32 of the rows. */
  private byte[] compressedScanlines(int[] pixels, int width, int height) {
    int strips = (height + STRIP_ROWS - 1) / STRIP_ROWS;
    List<Strip> deflated =
        IntStream.range(0, strips)
            .parallel()
            .mapToObj(strip -> deflateStrip(pixels, width, height, strip, strip == strips - 1))
            .toList();
    ByteArrayOutputStream zlib = new ByteArrayOutputStream(width * height);
    zlib.writeBytes(ZLIB_HEADER);
    long adler = 1; // Adler-32 of no bytes
    for (Strip strip : deflated) {
      zlib.writeBytes(strip.deflated());
      adler = combinedAdler(adler, strip.adler(), strip.length());
    }
    byte[] check = new byte[4];
    putInt(check, 0, (int) adler);
    zlib.writeBytes(check);
    return zlib.toByteArray();
  }

  /** One strip's filtered rows: their raw deflate stream, Adler-32 and length. */
  private record Strip(byte[] deflated, long adler, long length) {}

  private Strip deflateStrip(int[] pixels, int width, int height, int strip, boolean last) {
    int firstRow = strip * STRIP_ROWS;
    int rows = Math.min(STRIP_ROWS, height - firstRow);
    int rowBytes = 1 + 3 * width;
    byte[] filtered = new byte[rows * rowBytes];
    for (int row = 0; row < rows; row++) {
      int y = firstRow + row;
      filterRow(pixels, y * width, y > 0 ? (y - 1) * width : -1, width, filtered, row * rowBytes);
    }
    Adler32 adler = new Adler32();
    adler.update(filtered);
    return new Strip(deflateRaw(filtered, last), adler.getValue(), filtered.length);
  }

  /**
   * A raw deflate stream of {@code input}: finished when it is the last strip, otherwise ended by a
   * sync flush so the next strip's stream can follow it directly.
   */
  private byte[] deflateRaw(byte[] input, boolean last) {
    Deflater deflater = new Deflater(level, true);
    try {
      deflater.setStrategy(strategy);
      deflater.setInput(input);
      if (last) {
        deflater.finish();
      }
      ByteArrayOutputStream out = new ByteArrayOutputStream(input.length / 2 + 64);
      byte[] buffer = new byte[1 << 16];
      int flush = last ? Deflater.NO_FLUSH : Deflater.SYNC_FLUSH;
      while (true) {
        int written = deflater.deflate(buffer, 0, buffer.length, flush);
        out.write(buffer, 0, written);
        // a call can end early, e.g. the first one, which only applies the strategy
        boolean done =
            last ? deflater.finished() : written < buffer.length && deflater.needsInput();
        if (done) {
          return out.toByteArray();
        }
      }
    } finally {
      deflater.end(); // frees zlib's native memory now, not at some later collection
    }
  }

  /**
   * One row's bytes after the filter, each channel minus the same channel of its predictor: the
   * pixel on the left (Sub), the pixel above (Up) or nothing; predictors outside the image are 0.
   */
  private void filterRow(
      int[] pixels, int row, int rowAbove, int width, byte[] target, int offset) {
    target[offset] = (byte) filter.ordinal();
    int predictor = 0;
    for (int x = 0, at = offset + 1; x < width; x++, at += 3) {
      int rgb = pixels[row + x];
      if (filter == RowFilter.UP) {
        predictor = rowAbove < 0 ? 0 : pixels[rowAbove + x];
      }
      target[at] = (byte) ((rgb >> 16) - (predictor >> 16));
      target[at + 1] = (byte) ((rgb >> 8) - (predictor >> 8));
      target[at + 2] = (byte) (rgb - predictor);
      if (filter == RowFilter.SUB) {
        predictor = rgb;
      }
    }
  }

  /**
   * The Adler-32 of two byte runs one after the other, from each one's checksum and the second's
   * length (zlib's adler32_combine, which java.util.zip lacks): strips need no second pass.
   */
  private static long combinedAdler(long first, long second, long secondLength) {
    long remainder = secondLength % ADLER_BASE;
    long sum1 = first & 0xFFFF;
    long sum2 = remainder * sum1 % ADLER_BASE;
    sum1 += (second & 0xFFFF) + ADLER_BASE - 1;
    sum2 += (first >>> 16 & 0xFFFF) + (second >>> 16 & 0xFFFF) + ADLER_BASE - remainder;
    return (sum2 % ADLER_BASE) << 16 | sum1 % ADLER_BASE;
  }

  private static void writeChunk(ByteArrayOutputStream png, String type, byte[] data) {
    byte[] typeBytes = type.getBytes(US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    byte[] number = new byte[4];
    putInt(number, 0, data.length);
    png.writeBytes(number);
    png.writeBytes(typeBytes);
    png.writeBytes(data);
    putInt(number, 0, (int) crc.getValue());
    png.writeBytes(number);
  }

  private static void putInt(byte[] target, int offset, int value) {
    target[offset] = (byte) (value >>> 24);
    target[offset + 1] = (byte) (value >>> 16);
    target[offset + 2] = (byte) (value >>> 8);
    target[offset + 3] = (byte) value;
  }
}
