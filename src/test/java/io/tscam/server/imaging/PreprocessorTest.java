package io.tscam.server.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tscam.server.cam.ImageSize;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreprocessorTest {

  private static final Map<String, Npz.Array> PIL_RESIZED = Npz.load("/golden/imaging/resized.npz");
  private static final Map<String, Npz.Array> REFERENCE_TENSORS =
      Npz.load("/golden/imaging/tensor.npz");
  private static final double[] MEAN = {0.485, 0.456, 0.406};
  private static final double[] STD = {0.229, 0.224, 0.225};

  private final ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);

  @ParameterizedTest
  @CsvSource({
    "rgb.png, 200, 150", // up
    "rgb.png, 64, 48", // down
    "rgb.png, 37, 53", // odd sizes, down in x and up in y
    "rgb.png, 180, 70", // up in x, down in y
    "rgb.png, 7, 5", // a large downscale factor
    "rgb.png, 160, 31", // vertical pass only
    "rgb.png, 31, 120", // horizontal pass only
    "wide.png, 96, 64", // 4000 x 10: extreme ratios both ways
    "one-pixel.png, 5, 3",
  })
  void resizesBitForBitLikePilBilinear(String name, int width, int height) {
    BufferedImage source = decoder.decode(TestImages.bytes(name), ReducedRead.NONE).image();
    byte[] expected = PIL_RESIZED.get(name + "_" + width + "x" + height).uint8();

    byte[] resized =
        new PillowBilinearResizer()
            .resize(bgr(source), sizeOf(source), new ImageSize(width, height));

    assertThat(TestImages.firstDifference(expected, bgrToRgb(resized))).isEqualTo(-1);
  }

  @Test
  void keepsThePixelsWhenTheSizeDoesNotChange() {
    BufferedImage source = decoder.decode(TestImages.bytes("rgb.png"), ReducedRead.NONE).image();

    byte[] resized =
        new PillowBilinearResizer().resize(bgr(source), sizeOf(source), sizeOf(source));

    assertThat(resized).isSameAs(bgr(source));
  }

  @Test
  void writesTheReferenceTensor() {
    float[] expected = REFERENCE_TENSORS.get("rgb.png_40x56").float32();
    Preprocessor preprocessor = new Preprocessor(new ImageSize(56, 40), MEAN, STD);
    float[] tensor = new float[preprocessor.tensorLength()];

    preprocessor.write(decoded("rgb.png"), tensor, 0);

    assertThat(tensor).containsExactly(expected, within(1e-6f));
    assertThat(maxAbsoluteDifference(expected, tensor)).isZero();
  }

  @Test
  void writesAtTheOffsetAndNowhereElse() {
    Preprocessor preprocessor = new Preprocessor(new ImageSize(56, 40), MEAN, STD);
    int length = preprocessor.tensorLength();
    float[] batch = new float[3 * length];
    Arrays.fill(batch, Float.NaN);

    preprocessor.write(decoded("rgb.png"), batch, length);

    float[] expected = REFERENCE_TENSORS.get("rgb.png_40x56").float32();
    assertThat(Arrays.copyOfRange(batch, length, 2 * length)).containsExactly(expected);
    assertThat(Arrays.copyOfRange(batch, 0, length)).containsOnly(Float.NaN);
    assertThat(Arrays.copyOfRange(batch, 2 * length, 3 * length)).containsOnly(Float.NaN);
  }

  @Test
  void refusesADestinationTooSmallForTheTensor() {
    Preprocessor preprocessor = new Preprocessor(new ImageSize(56, 40), MEAN, STD);
    float[] tooSmall = new float[preprocessor.tensorLength()];

    assertThatThrownBy(() -> preprocessor.write(decoded("rgb.png"), tooSmall, 1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void normalisesWithoutResizingWhenTheImageIsAlreadyTheInputSize() {
    BufferedImage image = decoded("one-pixel.png"); // (200, 100, 50)
    Preprocessor preprocessor = new Preprocessor(new ImageSize(1, 1), MEAN, STD);
    float[] tensor = new float[3];

    preprocessor.write(image, tensor, 0);

    assertThat(tensor[0]).isEqualTo((200 / 255f - 0.485f) / 0.229f);
    assertThat(tensor[1]).isEqualTo((100 / 255f - 0.456f) / 0.224f);
    assertThat(tensor[2]).isEqualTo((50 / 255f - 0.406f) / 0.225f);
  }

  @Test
  void acceptsAnyBufferedImageLayout() {
    BufferedImage bgr = decoded("rgb.png");
    BufferedImage intRgb =
        new BufferedImage(bgr.getWidth(), bgr.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = intRgb.createGraphics();
    graphics.drawImage(bgr, 0, 0, null);
    graphics.dispose();
    Preprocessor preprocessor = new Preprocessor(new ImageSize(56, 40), MEAN, STD);
    float[] fromBgr = new float[preprocessor.tensorLength()];
    float[] fromIntRgb = new float[preprocessor.tensorLength()];

    preprocessor.write(bgr, fromBgr, 0);
    preprocessor.write(intRgb, fromIntRgb, 0);

    assertThat(fromIntRgb).containsExactly(fromBgr);
  }

  private BufferedImage decoded(String name) {
    return decoder.decode(TestImages.bytes(name), ReducedRead.NONE).image();
  }

  private static ImageSize sizeOf(BufferedImage image) {
    return new ImageSize(image.getWidth(), image.getHeight());
  }

  private static byte[] bgr(BufferedImage image) {
    return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
  }

  private static byte[] bgrToRgb(byte[] bgr) {
    byte[] rgb = new byte[bgr.length];
    for (int i = 0; i < bgr.length; i += 3) {
      rgb[i] = bgr[i + 2];
      rgb[i + 1] = bgr[i + 1];
      rgb[i + 2] = bgr[i];
    }
    return rgb;
  }

  private static float maxAbsoluteDifference(float[] expected, float[] actual) {
    float max = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i] - actual[i]));
    }
    return max;
  }
}
