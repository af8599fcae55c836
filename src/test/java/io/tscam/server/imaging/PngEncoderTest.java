package io.tscam.server.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PngEncoderTest {

  @ParameterizedTest
  @CsvSource({
    "1, 1",
    "37, 23",
    "640, 3",
    "300, 128", // exactly one strip
    "300, 129", // a second strip of one row
    "211, 700" // six strips, as the 1024x768 overlay
  })
  void writesPngsThatDecodeToTheSamePixels(int width, int height) throws IOException {
    assertRoundTrips(new PngEncoder(), width, height);
  }

  @ParameterizedTest
  @CsvSource({
    "1, 0, NONE",
    "1, 0, SUB",
    "1, 0, UP",
    "0, 0, SUB", // stored, uncompressed
    "6, 1, UP" // the default level, FILTERED
  })
  void everyMeasuredAlternativeWritesTheSamePixelsToo(
      int level, int strategy, PngEncoder.RowFilter filter) throws IOException {
    assertRoundTrips(new PngEncoder(level, strategy, filter), 37, 23);
  }

  /**
   * ImageIO stops reading at the last row, so the zlib trailer of the strips joined in parallel is
   * checked by inflating the whole IDAT: zlib rejects a wrong Adler-32 ("incorrect data check").
   */
  @ParameterizedTest
  @CsvSource({"37, 23", "211, 700"})
  void theJoinedStripsAreOneValidZlibStream(int width, int height) throws Exception {
    int[] pixels = new Random(width + height).ints(width * height, 0, 1 << 24).toArray();
    byte[] png = new PngEncoder().encode(pixels, width, height);
    int idatLength = ByteBuffer.wrap(png, IDAT_OFFSET, 4).getInt();

    Inflater inflater = new Inflater();
    inflater.setInput(png, IDAT_OFFSET + 8, idatLength);
    byte[] rows = new byte[height * (1 + 3 * width) + 1];
    int inflated = inflater.inflate(rows);
    boolean finished = inflater.finished();
    inflater.end();

    assertThat(inflated).isEqualTo(height * (1 + 3 * width));
    assertThat(finished).as("stream ended, checksum verified").isTrue();
  }

  /** Signature (8) and the IHDR chunk (4 length + 4 type + 13 data + 4 CRC). */
  private static final int IDAT_OFFSET = 8 + 25;

  private static void assertRoundTrips(PngEncoder encoder, int width, int height)
      throws IOException {
    int[] pixels = new Random(width * 31 + height).ints(width * height, 0, 1 << 24).toArray();

    byte[] png = encoder.encode(pixels, width, height);

    BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(decoded.getWidth()).isEqualTo(width);
    assertThat(decoded.getHeight()).isEqualTo(height);
    int[] read = decoded.getRGB(0, 0, width, height, null, 0, width);
    for (int i = 0; i < read.length; i++) {
      assertThat(read[i] & 0xFFFFFF).as("pixel %d", i).isEqualTo(pixels[i]);
    }
  }
}
