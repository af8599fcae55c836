package io.tscam.server.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.GridMap;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OverlayRendererTest {

  private static final int GRAY = 120;
  private static final int BOX_RGB = OverlayRenderer.BOX_COLOUR.getRGB() & 0xFFFFFF;

  private final OverlayRenderer renderer = new OverlayRenderer();

  @Test
  void drawsTheBoxEdgesInTheBoxColour() throws IOException {
    LabelledBox box = new LabelledBox(new Box(100, 200, 400, 450), "bird", 0.87);

    BufferedImage overlay = decodePng(renderer.renderPng(grayPhoto(640, 480), peakAt(3, 10), box));

    assertThat(overlay.getWidth()).isEqualTo(640);
    for (int x = 100; x < 400; x++) {
      assertThat(rgb(overlay, x, 200)).as("top edge at x=%d", x).isEqualTo(BOX_RGB);
      assertThat(rgb(overlay, x, 449)).as("bottom edge at x=%d", x).isEqualTo(BOX_RGB);
    }
    for (int y = 200; y < 450; y++) {
      assertThat(rgb(overlay, 100, y)).as("left edge at y=%d", y).isEqualTo(BOX_RGB);
      assertThat(rgb(overlay, 399, y)).as("right edge at y=%d", y).isEqualTo(BOX_RGB);
    }
    assertThat(rgb(overlay, 101, 201)).isEqualTo(BOX_RGB); // at least two pixels thick
    assertThat(rgb(overlay, 110, 210)).isNotEqualTo(BOX_RGB);
    assertThat(rgb(overlay, 99, 300)).isNotEqualTo(BOX_RGB);
    assertThat(rgb(overlay, 400, 300)).isNotEqualTo(BOX_RGB);
  }

  @Test
  void drawsEveryBoxItIsGiven() {
    List<LabelledBox> objects =
        List.of(
            new LabelledBox(new Box(100, 200, 300, 400), "bird", 0.87),
            new LabelledBox(new Box(450, 300, 600, 460), "bird", 0.87));

    BufferedImage overlay = renderer.render(grayPhoto(640, 480), peakAt(3, 10), objects);

    for (LabelledBox object : objects) {
      Box box = object.box();
      assertThat(rgb(overlay, box.x1(), (box.y1() + box.y2()) / 2)).isEqualTo(BOX_RGB);
      assertThat(rgb(overlay, box.x2() - 1, (box.y1() + box.y2()) / 2)).isEqualTo(BOX_RGB);
      assertThat(rgb(overlay, (box.x1() + box.x2()) / 2, box.y2() - 1)).isEqualTo(BOX_RGB);
    }
  }

  @Test
  void coloursTheHottestSpotDarkRedAndTheColdestDarkBlueHalfBlended() {
    // Cell (row 3, column 10) of a 14x14 map centres on pixel (480, 120) of a 640x480 overlay.
    BufferedImage overlay =
        renderer.render(
            grayPhoto(640, 480), peakAt(3, 10), new LabelledBox(new Box(0, 300, 50, 350), "", 0));

    int hottest = rgb(overlay, 480, 120);
    // JET 255 is (128, 0, 0) and OpenCV's 254 is (132, 0, 0); half and half with gray 120.
    assertThat(hottest >> 16).isBetween(124, 126);
    assertThat(hottest >> 8 & 0xFF).isEqualTo(GRAY / 2);
    assertThat(hottest & 0xFF).isEqualTo(GRAY / 2);
    // Far from the peak the map is at its minimum: JET 0 is (0, 0, 128).
    assertThat(rgb(overlay, 20, 20)).isEqualTo(new Color(60, 60, 124).getRGB() & 0xFFFFFF);
  }

  @Test
  void printsTheLabelOnATagAboveTheBox() {
    BufferedImage overlay =
        renderer.render(
            grayPhoto(640, 480),
            peakAt(3, 10),
            new LabelledBox(new Box(100, 200, 400, 450), "bird", 0.87));

    assertThat(rgb(overlay, 102, 198)).isEqualTo(BOX_RGB); // the tag's background
    assertThat(countBlack(overlay, 100, 150, 300, 200)).as("text pixels").isGreaterThan(20);
    assertThat(countBlack(overlay, 0, 0, 640, 150)).isZero();
  }

  @Test
  void putsTheTagInsideABoxThatTouchesTheTop() {
    BufferedImage overlay =
        renderer.render(
            grayPhoto(640, 480),
            peakAt(3, 10),
            new LabelledBox(new Box(100, 0, 400, 450), "bird", 0.87));

    assertThat(countBlack(overlay, 100, 0, 300, 60)).isGreaterThan(20);
  }

  @Test
  void shrinksLargePhotosToTheCapAndScalesTheBoxWithThem() throws IOException {
    DecodedImage photo = grayPhoto(3000, 2000);
    LabelledBox box = new LabelledBox(new Box(300, 600, 2700, 1800), "bird", 0.5);

    BufferedImage overlay = decodePng(renderer.renderPng(photo, peakAt(7, 7), box));

    assertThat(overlay.getWidth()).isEqualTo(1024);
    assertThat(overlay.getHeight()).isEqualTo(683);
    // 300 * 1024/3000 = 102.4 -> 102; 2700 * 1024/3000 = 921.6 -> right edge 921
    assertThat(rgb(overlay, 102, 400)).isEqualTo(BOX_RGB);
    assertThat(rgb(overlay, 101, 400)).isNotEqualTo(BOX_RGB);
    assertThat(rgb(overlay, 921, 400)).isEqualTo(BOX_RGB);
    assertThat(rgb(overlay, 922, 400)).isNotEqualTo(BOX_RGB);
  }

  @ParameterizedTest(name = "{0}x{1} read of {2}x{3} -> {4} wide")
  @CsvSource({
    "500, 375, 4000, 3000, 500", // 1/8, far under the cap: drawn at its own size, not blown up
    "1008, 756, 4032, 3024, 1024" // 1/4, 1.6% under the cap: stretched to the cap
  })
  void drawsAReducedDecodeWithTheBoxInSourcePixels(
      int readWidth, int readHeight, int width, int height, int overlayWidth) {
    BufferedImage read = new BufferedImage(readWidth, readHeight, BufferedImage.TYPE_3BYTE_BGR);
    DecodedImage photo = new DecodedImage(read, width, height, ImageFormat.JPEG);
    Box box = new Box(width / 4, height / 2, width * 3 / 4, height * 9 / 10);

    BufferedImage overlay = renderer.render(photo, peakAt(7, 7), new LabelledBox(box, "bird", 1));

    assertThat(overlay.getWidth()).isEqualTo(overlayWidth);
    assertThat(overlay.getHeight()).isEqualTo(overlayWidth * height / width);
    int row = overlay.getHeight() * 7 / 10;
    assertThat(rgb(overlay, overlayWidth / 4, row)).isEqualTo(BOX_RGB);
    assertThat(rgb(overlay, overlayWidth * 3 / 4 - 1, row)).isEqualTo(BOX_RGB);
    assertThat(rgb(overlay, overlayWidth * 3 / 4, row)).isNotEqualTo(BOX_RGB);
  }

  @Test
  void rendersATwelveMegapixelPhotoInMilliseconds() {
    DecodedImage photo = grayPhoto(4000, 3000);
    GridMap map = peakAt(5, 9);
    LabelledBox box =
        new LabelledBox(new Box(1000, 1000, 3000, 2500), "Black_footed_Albatross", 0.93);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long[] cpuNanos = new long[15];

    for (int run = 0; run < 30; run++) { // the first half warms the JIT up
      long start = threads.getCurrentThreadCpuTime();
      BufferedImage overlay = renderer.render(photo, map, box);
      if (run >= 15) {
        cpuNanos[run - 15] = threads.getCurrentThreadCpuTime() - start;
      }
      assertThat(overlay.getWidth()).isEqualTo(1024);
    }

    Arrays.sort(cpuNanos);
    // CPU time, so other processes on a shared machine do not count. The budget is 15 ms; the
    // bound leaves room for slow CI machines while catching per-pixel setRGB-style regressions.
    assertThat(cpuNanos[7] / 1e6).as("median render milliseconds").isLessThan(40);
  }

  private static DecodedImage grayPhoto(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(new Color(GRAY, GRAY, GRAY));
    graphics.fillRect(0, 0, width, height);
    graphics.dispose();
    return new DecodedImage(image, width, height, ImageFormat.PNG);
  }

  private static GridMap peakAt(int row, int column) {
    float[] values = new float[14 * 14];
    values[row * 14 + column] = 1f;
    return new GridMap(14, 14, values);
  }

  private static int rgb(BufferedImage image, int x, int y) {
    return image.getRGB(x, y) & 0xFFFFFF;
  }

  private static int countBlack(BufferedImage image, int x0, int y0, int x1, int y1) {
    int black = 0;
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        black += rgb(image, x, y) == 0 ? 1 : 0;
      }
    }
    return black;
  }

  private static BufferedImage decodePng(byte[] png) throws IOException {
    assertThat(Arrays.copyOf(png, 4)).containsExactly(0x89, 'P', 'N', 'G');
    return ImageIO.read(new ByteArrayInputStream(png));
  }
}
