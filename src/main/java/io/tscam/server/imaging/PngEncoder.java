package io.tscam.server.imaging;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * A truecolour PNG tuned for speed. Chosen by measurement on the overlay of a 12 MP photo
 * (PngEncoderBenchmark, see docs/benchmarks.md): every row "Sub"-filtered and the filtered bytes
 * Huffman-coded without LZ77 matching (zlib's Z_HUFFMAN_ONLY). On a photo blended with a heat map
 * LZ77 finds few matches, so level-1 deflate spends its time searching and still writes a larger
 * file; Huffman-only coding of Sub residuals is both faster and smaller. ImageIO's writer (five
 * filters tried per row, harder deflate) is several times slower.
 */
final class PngEncoder {

  /** PNG's per-row filters this encoder can apply (filter type byte values). */
  enum RowFilter {
    NONE,
    SUB,
    UP
  }

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int BIT_DEPTH = 8;
  private static final int COLOUR_TYPE_RGB = 2;

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

  private byte[] compressedScanlines(int[] pixels, int width, int height) {
    Deflater deflater = new Deflater(level);
    deflater.setStrategy(strategy);
    ByteArrayOutputStream compressed = new ByteArrayOutputStream(width * height);
    try (DeflaterOutputStream out = new DeflaterOutputStream(compressed, deflater, 1 << 16)) {
      byte[] line = new byte[1 + 3 * width];
      line[0] = (byte) filter.ordinal();
      for (int y = 0; y < height; y++) {
        filterRow(pixels, y * width, y > 0 ? (y - 1) * width : -1, width, line);
        out.write(line);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Deflating to memory failed", e);
    } finally {
      deflater.end(); // frees zlib's native memory now, not at some later collection
    }
    return compressed.toByteArray();
  }

  /**
   * One row's bytes after the filter, each channel minus the same channel of its predictor: the
   * pixel on the left (Sub), the pixel above (Up) or nothing; predictors outside the image are 0.
   */
  private void filterRow(int[] pixels, int row, int rowAbove, int width, byte[] line) {
    int predictor = 0;
    for (int x = 0, target = 1; x < width; x++, target += 3) {
      int rgb = pixels[row + x];
      if (filter == RowFilter.UP) {
        predictor = rowAbove < 0 ? 0 : pixels[rowAbove + x];
      }
      line[target] = (byte) ((rgb >> 16) - (predictor >> 16));
      line[target + 1] = (byte) ((rgb >> 8) - (predictor >> 8));
      line[target + 2] = (byte) (rgb - predictor);
      if (filter == RowFilter.SUB) {
        predictor = rgb;
      }
    }
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
