package io.tscam.server.imaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tscam.server.cam.ImageSize;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {

  private static final Map<String, Npz.Array> PIL_DECODED = Npz.load("/golden/imaging/decoded.npz");
  private static final Map<String, Npz.Array> PIL_SCALED = Npz.load("/golden/imaging/scaled.npz");

  private final ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
  private final ImageDecoder imageIo =
      ImageDecoder.withImageIoOnly(ImageDecoder.DEFAULT_MAX_PIXELS);

  /** Every kind of image the golden file holds PIL's pixels for. */
  static Stream<String> decodableImages() {
    return Stream.of(
        "rgb.png",
        "rgb.jpg",
        "rgb-444.jpg",
        "progressive.jpg",
        "icc-profile.jpg",
        "gray.jpg",
        "cmyk.jpg",
        "cmyk-black.jpg",
        "gray.png",
        "gray16.png",
        "rgb16.png",
        "bilevel.png",
        "palette.png",
        "rgba.png",
        "gray-alpha.png",
        "interlaced.png",
        "one-pixel.png",
        "rgb.bmp",
        "palette.bmp",
        "palette.gif",
        "exif-1.jpg",
        "exif-2.jpg",
        "exif-3.jpg",
        "exif-4.jpg",
        "exif-5.jpg",
        "exif-6.jpg",
        "exif-7.jpg",
        "exif-8.jpg");
  }

  @ParameterizedTest
  @MethodSource("decodableImages")
  void decodesEveryKindOfImageToThePixelsPilGives(String name) {
    assertDecodesAsPil(decoder, name);
  }

  /**
   * All but CMYK with black ink, which TwelveMonkeys' reader turns into RGB its own way, off PIL's
   * formula (libjpeg-turbo's path applies PIL's).
   */
  static Stream<String> imagesTheImageIoFallbackDecodesAsPil() {
    return decodableImages().filter(name -> !name.equals("cmyk-black.jpg"));
  }

  @ParameterizedTest
  @MethodSource("imagesTheImageIoFallbackDecodesAsPil")
  void theImageIoFallbackDecodesToThePixelsPilGivesToo(String name) {
    assertDecodesAsPil(imageIo, name);
  }

  private static void assertDecodesAsPil(ImageDecoder decoder, String name) {
    Npz.Array expected = PIL_DECODED.get(name);

    DecodedImage decoded = decoder.decode(TestImages.bytes(name), ReducedRead.NONE);

    assertThat(new int[] {decoded.height(), decoded.width(), 3}).isEqualTo(expected.shape());
    assertThat(decoded.image().getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
    assertThat(pixelSize(decoded)).isEqualTo(decoded.size());
    byte[] actual = TestImages.rgb(decoded.image());
    assertThat(TestImages.firstDifference(expected.uint8(), actual))
        .as("first differing byte of %s", name)
        .isEqualTo(-1);
  }

  @Test
  void decodesJpegWithLibjpegTurboWhereTheSystemHasIt() {
    // tools/requirements-debian.txt installs it; the Docker images do too.
    assertThat(decoder.jpegDecoder()).startsWith("libjpeg-turbo (TurboJPEG ");
    assertThat(imageIo.jpegDecoder()).isEqualTo("ImageIO");
  }

  @ParameterizedTest
  @CsvSource({
    "large.jpg, 2",
    "large.jpg, 4",
    "large.jpg, 8",
    "rgb-444.jpg, 2",
    "progressive.jpg, 4",
    "gray.jpg, 2",
    "cmyk.jpg, 2",
    "exif-6.jpg, 2"
  })
  void scalesLargeJpegsInsideTheIdctToThePixelsPilsDraftModeGives(String name, int denominator) {
    Npz.Array expected = PIL_SCALED.get(name + "_1of" + denominator);
    ImageSize keep = new ImageSize(expected.shape()[1], expected.shape()[0]);

    DecodedImage decoded = decoder.decode(TestImages.bytes(name), new ReducedRead(keep, keep));

    assertThat(pixelSize(decoded)).isNotEqualTo(decoded.size());
    assertThat(decoded.image().getWidth()).isEqualTo(keep.width());
    assertThat(decoded.image().getHeight()).isEqualTo(keep.height());
    assertThat(TestImages.firstDifference(expected.uint8(), TestImages.rgb(decoded.image())))
        .as("first differing byte of %s at 1/%d", name, denominator)
        .isEqualTo(-1);
  }

  @ParameterizedTest
  @CsvSource({
    "rgb.jpg, JPEG",
    "rgb.png, PNG",
    "palette.gif, GIF",
    "rgb.bmp, BMP",
  })
  void reportsTheFormatSniffedFromTheBytes(String name, ImageFormat format) {
    assertThat(decoder.decode(TestImages.bytes(name), ReducedRead.NONE).format()).isEqualTo(format);
  }

  @ParameterizedTest
  @CsvSource({
    "exif-1.jpg, 24, 16",
    "exif-3.jpg, 24, 16",
    "exif-6.jpg, 16, 24",
    "exif-8.jpg, 16, 24",
  })
  void answersTheDimensionsAfterOrientation(String name, int width, int height) {
    DecodedImage decoded = decoder.decode(TestImages.bytes(name), ReducedRead.NONE);

    assertThat(decoded.size()).isEqualTo(new ImageSize(width, height));
    assertThat(decoded.image().getWidth()).isEqualTo(width);
  }

  @ParameterizedTest
  @CsvSource({"photo.webp, WEBP", "photo.tiff, TIFF", "not-an-image.txt, unknown"})
  void refusesFormatsItDoesNotSupportNamingTheSupportedOnes(String name, String detected) {
    assertThatThrownBy(() -> decoder.decode(TestImages.bytes(name), ReducedRead.NONE))
        .isInstanceOf(UnsupportedImageFormatException.class)
        .hasMessageStartingWith("Unsupported image format: " + detected + ";")
        .hasMessageContaining("[JPEG, PNG, GIF, BMP]");
  }

  @Test
  void namesHeifAndAvifUploads() {
    byte[] heic = Arrays.copyOf("\0\0\0\u0018ftypheic".getBytes(), 64);
    byte[] avif = Arrays.copyOf("\0\0\0\u001cftypavif".getBytes(), 64);

    assertThatThrownBy(() -> decoder.decode(heic, ReducedRead.NONE)).hasMessageContaining("HEIF");
    assertThatThrownBy(() -> decoder.decode(avif, ReducedRead.NONE)).hasMessageContaining("AVIF");
  }

  @ParameterizedTest
  @ValueSource(strings = {"truncated.jpg", "truncated-progressive.jpg", "truncated.png"})
  void refusesTruncatedFilesRatherThanPaddingThem(String name) {
    assertThatThrownBy(() -> decoder.decode(TestImages.bytes(name), ReducedRead.NONE))
        .isInstanceOf(UndecodableImageException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"truncated.jpg", "truncated-progressive.jpg"})
  void theImageIoFallbackRefusesTruncatedJpegsToo(String name) {
    assertThatThrownBy(() -> imageIo.decode(TestImages.bytes(name), ReducedRead.NONE))
        .isInstanceOf(UndecodableImageException.class);
  }

  @Test
  void refusesAJpegMissingOnlyItsEndMarkerAsPilDoes() {
    byte[] jpeg = TestImages.bytes("rgb.jpg");

    assertThatThrownBy(() -> decoder.decode(Arrays.copyOf(jpeg, jpeg.length - 2), ReducedRead.NONE))
        .isInstanceOf(UndecodableImageException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void acceptsBytesAfterTheEndOfAJpeg() {
    byte[] jpeg = TestImages.bytes("rgb.jpg");
    byte[] withTrailer = Arrays.copyOf(jpeg, jpeg.length + 100);

    assertThat(TestImages.rgb(decoder.decode(withTrailer, ReducedRead.NONE).image()))
        .isEqualTo(PIL_DECODED.get("rgb.jpg").uint8());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rgb.jpg", "rgb.png", "palette.gif", "rgb.bmp"})
  void mapsGarbageBehindAValidSignatureToUndecodable(String name) {
    byte[] image = TestImages.bytes(name);
    byte[] garbage = Arrays.copyOf(image, 300);
    for (int i = 30; i < garbage.length; i++) {
      garbage[i] = (byte) (i * 37);
    }

    assertThatThrownBy(() -> decoder.decode(garbage, ReducedRead.NONE))
        .isInstanceOf(ImageRejectedException.class);
  }

  @Test
  void refusesAnEmptyUpload() {
    assertThatThrownBy(() -> decoder.decode(new byte[0], ReducedRead.NONE))
        .isInstanceOf(UndecodableImageException.class);
  }

  @Test
  void refusesADecompressionBombFromItsHeaderAlone() {
    byte[] bomb = TestImages.bytes("bomb.png");

    long start = System.nanoTime();
    assertThatThrownBy(() -> decoder.decode(bomb, ReducedRead.NONE))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessage(
            "Image of 100000x100000 pixels (10000000000) exceeds the limit of %d pixels",
            ImageDecoder.DEFAULT_MAX_PIXELS);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void appliesThePixelLimitInclusively() {
    byte[] photo = TestImages.bytes("rgb.jpg"); // 64 x 48 = 3072 pixels

    assertThat(new ImageDecoder(3072).decode(photo, ReducedRead.NONE).width()).isEqualTo(64);
    assertThatThrownBy(() -> new ImageDecoder(3071).decode(photo, ReducedRead.NONE))
        .isInstanceOf(ImageTooLargeException.class);
  }

  @Test
  void decodesATwelveMegapixelPhotoWithinTheDefaultLimit() throws IOException {
    byte[] photo = jpeg(new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR));

    DecodedImage full = decoder.decode(photo, ReducedRead.NONE);
    DecodedImage reduced = decoder.decode(photo, ReducedRead.forInput(new ImageSize(224, 224)));

    assertThat(full.image().getWidth()).isEqualTo(4000);
    assertThat(reduced.size()).isEqualTo(new ImageSize(4000, 3000));
    assertThat(reduced.image().getWidth()).isEqualTo(1000); // 1/4: 1/8 would be under 448
    assertThat(reduced.image().getHeight()).isEqualTo(750);
  }

  @Test
  void theImageIoFallbackSubsamplesATwelveMegapixelPhoto() throws IOException {
    byte[] photo = jpeg(new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR));

    DecodedImage reduced = imageIo.decode(photo, ReducedRead.forInput(new ImageSize(224, 224)));

    assertThat(reduced.size()).isEqualTo(new ImageSize(4000, 3000));
    assertThat(reduced.image().getWidth()).isEqualTo(667); // every 6th pixel
    assertThat(reduced.image().getHeight()).isEqualTo(500);
  }

  @Test
  void readsAMuchLargerSourceAtAReducedScaleKeepingTwoInputsPerSide() {
    byte[] large = TestImages.bytes("large.jpg"); // 256 x 192
    BufferedImage full = imageIo.decode(large, ReducedRead.NONE).image();

    DecodedImage reduced = imageIo.decode(large, ReducedRead.forInput(new ImageSize(32, 24)));

    assertThat(pixelSize(reduced)).isNotEqualTo(reduced.size());
    assertThat(reduced.size()).isEqualTo(new ImageSize(256, 192));
    assertThat(reduced.image().getWidth()).isEqualTo(64);
    assertThat(reduced.image().getHeight()).isEqualTo(48);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        assertThat(reduced.image().getRGB(x, y)).isEqualTo(full.getRGB(4 * x + 2, 4 * y + 2));
      }
    }
  }

  @ParameterizedTest
  @CsvSource({"64, 48, 128, 96", "65, 48, 256, 192", "128, 96, 256, 192"})
  void reducesOnlyFromFourInputsPerSide(int inputWidth, int inputHeight, int width, int height) {
    DecodedImage decoded =
        decoder.decode(
            TestImages.bytes("large.jpg"),
            ReducedRead.forInput(new ImageSize(inputWidth, inputHeight)));

    assertThat(decoded.image().getWidth()).isEqualTo(width);
    assertThat(decoded.image().getHeight()).isEqualTo(height);
  }

  @Test
  void reducesAfterOrientingSoTheUprightSidesCount() {
    DecodedImage decoded =
        decoder.decode(TestImages.bytes("exif-6.jpg"), ReducedRead.forInput(new ImageSize(2, 6)));

    assertThat(decoded.size()).isEqualTo(new ImageSize(16, 24));
    assertThat(decoded.image().getWidth()).isEqualTo(8);
    assertThat(decoded.image().getHeight()).isEqualTo(12);
  }

  @Test
  void returnsStandardBgrPixelsItsConsumersCanIndexDirectly() {
    BufferedImage image = decoder.decode(TestImages.bytes("palette.gif"), ReducedRead.NONE).image();

    byte[] data = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    assertThat(data).hasSize(64 * 48 * 3);
  }

  /** The size of the pixels the decoder kept: smaller than the source's after a reduced read. */
  private static ImageSize pixelSize(DecodedImage decoded) {
    return new ImageSize(decoded.image().getWidth(), decoded.image().getHeight());
  }

  private static byte[] jpeg(BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "jpeg", out);
    return out.toByteArray();
  }
}
