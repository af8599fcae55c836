package io.tscam.server.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PngEncoderTest {

  @ParameterizedTest
  @CsvSource({"1, 1", "37, 23", "640, 3"})
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
