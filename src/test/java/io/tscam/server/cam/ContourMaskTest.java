package io.tscam.server.cam;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.TextMaps;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pixels of each object: the thresholded map inside its outer contour, holes left out and
 * islands in them kept; the same region whose share outerContourBoxes reports as mass (checked
 * against cv2.drawContours FILLED by the golden test of mass).
 */
class ContourMaskTest {

  private static final String[] RING_WITH_ISLAND_AND_DOT = {
    "#######...", //
    "#.....#...",
    "#..#..#...",
    "#.....#..#",
    "#######...",
  };

  @Test
  void anObjectsMaskIsItsBlobAndWhatItsHolesHoldButNotTheHoles() {
    NormalizedCam cam = mask(RING_WITH_ISLAND_AND_DOT);
    ContourMask ring = cam.largestContourMask(0.5).orElseThrow();

    assertThat(ring.box()).isEqualTo(new Box(0, 0, 7, 5));
    assertThat(pixels(ring.mask()))
        .containsExactly(
            "#######...", //
            "#.....#...",
            "#..#..#...",
            "#.....#...",
            "#######...");
  }

  @Test
  void outerMasksComeInOuterContourBoxesOrderAndHoldTheirMass() {
    NormalizedCam cam = mask(RING_WITH_ISLAND_AND_DOT);
    List<ContourBox> boxes = cam.outerContourBoxes(0.5, 0.01);
    List<ContourMask> masks = cam.outerContourMasks(0.5, 0.01);

    assertThat(masks)
        .extracting(ContourMask::box)
        .containsExactlyElementsOf(boxes.stream().map(ContourBox::box).toList());
    assertThat(masks).hasSize(1);
    int total = 21 + 1; // the ring with its island, and the dot: too small to keep, but in the map
    for (int i = 0; i < masks.size(); i++) {
      assertThat((double) masks.get(i).mask().count() / total).isEqualTo(boxes.get(i).mass());
    }
  }

  @Test
  void aMapWithoutContourHasNoMaskAndNoBox() {
    NormalizedCam flat = mask("....", "....");
    assertThat(flat.largestContourMask(0.5)).isEmpty();
    assertThat(flat.largestContourBoxIfAny(0.5)).isEmpty();
    assertThat(flat.largestContourBox(0.5)).isEqualTo(Box.NO_CONTOUR);
  }

  @Test
  void aMaskResizedTakesThePixelEachCentreFallsIn() {
    RegionMask mask = mask("#.", "..").largestContourMask(0.5).orElseThrow().mask();

    assertThat(pixels(mask.resized(new ImageSize(5, 3))))
        .containsExactly(
            // x: centres 0.5..4.5 of 5 over 2 -> 0, 0, 1, 1, 1; y: of 3 over 2 -> 0, 1, 1
            "##...", //
            ".....",
            ".....");
    assertThat(mask.resized(new ImageSize(5, 3)).count()).isEqualTo(2);
  }

  private static List<String> pixels(RegionMask mask) {
    List<String> rows = new ArrayList<>();
    for (int y = 0; y < mask.size().height(); y++) {
      StringBuilder row = new StringBuilder();
      for (int x = 0; x < mask.size().width(); x++) {
        row.append(mask.contains(x, y) ? '#' : '.');
      }
      rows.add(row.toString());
    }
    return rows;
  }

  private static NormalizedCam mask(String... rows) {
    return TextMaps.of(rows);
  }
}
