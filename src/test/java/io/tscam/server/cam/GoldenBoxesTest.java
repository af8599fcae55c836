package io.tscam.server.cam;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.Npy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine against OpenCV 4.6 and numpy on the golden files of tools/golden_boxes.py: maps from
 * random TS-CAM models, smooth maps and edge cases on several grids and input sizes, boxes at
 * thresholds 0.05..0.9. Every box, every upsampled float map and every uint8 map must be identical.
 */
class GoldenBoxesTest {

  private record Group(
      String name,
      ImageSize inputSize,
      int gridHeight,
      int gridWidth,
      float[] maps,
      Map<String, Npy> arrays) {

    static Group load(String name) {
      Map<String, Npy> arrays = Npy.readArchiveResource("golden/boxes/" + name + ".npz");
      int[] size = arrays.get("size").ints();
      Npy maps = arrays.get("maps");
      return new Group(
          name,
          new ImageSize(size[1], size[0]),
          maps.dimension(1),
          maps.dimension(2),
          maps.floats(),
          arrays);
    }

    int mapCount() {
      return arrays.get("maps").dimension(0);
    }

    GridMap map(int index) {
      int cells = gridHeight * gridWidth;
      float[] values = Arrays.copyOfRange(maps, index * cells, (index + 1) * cells);
      return new GridMap(gridHeight, gridWidth, values);
    }

    int[] ints(String key) {
      return arrays.get(key).ints();
    }
  }

  static String[] groups() {
    return new String[] {
      "tscam_224",
      "grid14_200x300",
      "grid7_112",
      "grid12x9_190x143",
      "grid28_224",
      "grid56_224",
      "grid112_224"
    };
  }

  @ParameterizedTest
  @MethodSource("groups")
  void largestContourBoxesMatchOpenCv(String name, TestReporter reporter) {
    Group group = Group.load(name);
    NormalizedCam[] cams = normalizeAll(group);
    int[] caseMap = group.ints("case_map");
    double[] thresholds = group.arrays().get("case_threshold").doubles();
    int[] expected = group.ints("case_box");

    List<String> mismatches = new ArrayList<>();
    for (int c = 0; c < caseMap.length; c++) {
      Box box = cams[caseMap[c]].largestContourBox(thresholds[c]);
      Box want = boxAt(expected, c);
      if (!box.equals(want)) {
        mismatches.add("case " + c + " map " + caseMap[c] + " thr " + thresholds[c] + ": " + box);
      }
    }
    reporter.publishEntry(
        name, (caseMap.length - mismatches.size()) + "/" + caseMap.length + " boxes identical");
    assertThat(mismatches).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("groups")
  void allContourBoxesMatchOpenCvInOrder(String name) {
    Group group = Group.load(name);
    NormalizedCam[] cams = normalizeAll(group);
    int[] caseMap = group.ints("case_map");
    double[] thresholds = group.arrays().get("case_threshold").doubles();
    int[] cases = group.ints("all_boxes_case");
    int[] offsets = group.ints("all_boxes_offsets");
    int[] boxes = group.ints("all_boxes");

    for (int i = 0; i < cases.length; i++) {
      int c = cases[i];
      List<Box> expected = new ArrayList<>();
      for (int b = offsets[i]; b < offsets[i + 1]; b++) {
        expected.add(boxAt(boxes, b));
      }
      assertThat(cams[caseMap[c]].contourBoxes(thresholds[c]))
          .as("case %d (map %d, threshold %s)", c, caseMap[c], thresholds[c])
          .containsExactlyElementsOf(expected);
    }
  }

  /**
   * boxes=all against findContours(RETR_EXTERNAL), contourArea, boundingRect and a filled
   * drawContours (tools/golden_outer_boxes.py), on every case of the corpus at several minBoxArea.
   */
  @ParameterizedTest
  @MethodSource("groups")
  void outerContourBoxesMatchOpenCv(String name, TestReporter reporter) {
    Group group = Group.load(name);
    NormalizedCam[] cams = normalizeAll(group);
    int[] caseMap = group.ints("case_map");
    double[] thresholds = group.arrays().get("case_threshold").doubles();
    Map<String, Npy> outer = Npy.readArchiveResource("golden/boxes/outer_boxes.npz");
    double[] minBoxAreas = outer.get(name + ".min_box_area").doubles();
    int[] offsets = outer.get(name + ".offsets").ints();
    int[] boxes = outer.get(name + ".boxes").ints();
    int[] inside = outer.get(name + ".inside").ints();
    int[] totals = outer.get(name + ".total").ints();

    List<String> mismatches = new ArrayList<>();
    int boxCount = 0;
    for (int c = 0; c < caseMap.length; c++) {
      List<ContourBox> expected = new ArrayList<>();
      for (int b = offsets[c]; b < offsets[c + 1]; b++) {
        expected.add(new ContourBox(boxAt(boxes, b), (double) inside[b] / totals[c]));
      }
      List<ContourBox> actual = cams[caseMap[c]].outerContourBoxes(thresholds[c], minBoxAreas[c]);
      boxCount += expected.size();
      if (!actual.equals(expected)) {
        mismatches.add("case " + c + " minBoxArea " + minBoxAreas[c] + ": " + actual);
      }
    }
    reporter.publishEntry(
        name,
        (caseMap.length - mismatches.size())
            + "/"
            + caseMap.length
            + " box lists identical ("
            + boxCount
            + " boxes)");
    assertThat(mismatches).isEmpty();
  }

  /** minBoxArea=1 keeps exactly the outer contours of the largest area: without a tie, one. */
  @ParameterizedTest
  @MethodSource("groups")
  void theFirstObjectIsTheOfficialBoxUnlessAreasTie(String name, TestReporter reporter) {
    Group group = Group.load(name);
    NormalizedCam[] cams = normalizeAll(group);
    int[] caseMap = group.ints("case_map");
    double[] thresholds = group.arrays().get("case_threshold").doubles();
    int untied = 0;
    for (int c = 0; c < caseMap.length; c++) {
      List<ContourBox> largest = cams[caseMap[c]].outerContourBoxes(thresholds[c], 1.0);
      if (largest.size() == 1) {
        untied++;
        assertThat(largest.get(0).box())
            .as("case %d", c)
            .isEqualTo(cams[caseMap[c]].largestContourBox(thresholds[c]));
      }
    }
    reporter.publishEntry(name, untied + "/" + caseMap.length + " cases without a tie");
    assertThat(untied).isPositive();
  }

  @ParameterizedTest
  @MethodSource("groups")
  void upsampledAndUint8MapsAreBitExact(String name) {
    Group group = Group.load(name);
    BilinearUpsampler upsampler =
        new BilinearUpsampler(group.gridHeight(), group.gridWidth(), group.inputSize());
    byte[] floatDigests = group.arrays().get("upsampled_sha256").bytes();
    byte[] uint8Digests = group.arrays().get("uint8_sha256").bytes();

    for (int m = 0; m < group.mapCount(); m++) {
      float[] upsampled = upsampler.upsample(group.map(m).values());
      assertThat(sha256(littleEndian(upsampled)))
          .as("float32 upsampled map %d", m)
          .isEqualTo(Arrays.copyOfRange(floatDigests, m * 32, (m + 1) * 32));
      byte[] uint8 = NormalizedCam.fromUpsampled(upsampled, group.inputSize()).toUint8();
      assertThat(sha256(uint8))
          .as("uint8 map %d", m)
          .isEqualTo(Arrays.copyOfRange(uint8Digests, m * 32, (m + 1) * 32));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"tscam_224", "grid14_200x300", "grid12x9_190x143"})
  void fullUint8MapsMatchPixelForPixel(String name) {
    Group group = Group.load(name);
    Npy stored = group.arrays().get("uint8_maps");
    byte[] expected = stored.bytes();
    int pixels = Math.toIntExact(group.inputSize().pixels());
    BoxExtractor extractor = new BoxExtractor(group.inputSize());
    for (int m = 0; m < stored.dimension(0); m++) {
      assertThat(extractor.normalize(group.map(m)).toUint8())
          .as("uint8 map %d", m)
          .isEqualTo(Arrays.copyOfRange(expected, m * pixels, (m + 1) * pixels));
    }
  }

  private static NormalizedCam[] normalizeAll(Group group) {
    BoxExtractor extractor = new BoxExtractor(group.inputSize());
    NormalizedCam[] cams = new NormalizedCam[group.mapCount()];
    for (int m = 0; m < cams.length; m++) {
      cams[m] = extractor.normalize(group.map(m));
    }
    return cams;
  }

  private static Box boxAt(int[] boxes, int index) {
    return new Box(
        boxes[4 * index], boxes[4 * index + 1], boxes[4 * index + 2], boxes[4 * index + 3]);
  }

  private static byte[] littleEndian(float[] values) {
    ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return buffer.array();
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
