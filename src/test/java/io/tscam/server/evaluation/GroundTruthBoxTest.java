package io.tscam.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tscam.server.cam.ImageSize;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthBoxTest {

  private static final SourceLine LINE = new SourceLine(Path.of("data", "bounding_boxes.txt"), 7);
  private static final ImageSize INPUT = new ImageSize(224, 224);

  private static GroundTruthBox box(double x, double y, double w, double h) {
    return GroundTruthBox.ofSize(x, y, w, h, LINE);
  }

  @Test
  void scalesLikeTheOfficialLoader() {
    // CUB's first image is 500 x 335: x1 = int(60/500*224) = int(26.88), y1 = int(27/335*224)
    // = int(18.05), x2 = int(385/500*224) = int(172.48), y2 = int(331/335*224) = int(221.33).
    assertThat(box(60, 27, 325, 304).inInputSpace(new ImageSize(500, 335), INPUT))
        .isEqualTo(new IouBox(26, 18, 172, 221));
  }

  @Test
  void clampsTheFarCornerToTheLastInputPixel() {
    assertThat(box(0, 0, 500, 335).inInputSpace(new ImageSize(500, 335), INPUT))
        .isEqualTo(new IouBox(0, 0, 223, 223));
  }

  @Test
  void scalesEachAxisByItsOwnSide() {
    // A 56 x 28 input of a 224 x 224 image: x by 1/4, y by 1/8.
    assertThat(box(40, 40, 100.5, 80).inInputSpace(new ImageSize(224, 224), new ImageSize(56, 28)))
        .isEqualTo(new IouBox(10, 5, 35, 15));
  }

  @Test
  void truncatesFractionalCorners() {
    // 10.9 -> 10, 20.99 + 5 = 25.99 -> 25 on an image the size of the input.
    assertThat(box(10.9, 20.99, 30, 5).inInputSpace(INPUT, INPUT))
        .isEqualTo(new IouBox(10, 20, 40, 25));
  }

  @Test
  void toleratesOnePixelPastTheEdgeButNoMore() {
    ImageSize image = new ImageSize(100, 80);
    assertThat(box(50, 40, 51, 41).inInputSpace(image, INPUT))
        .isEqualTo(new IouBox(112, 112, 223, 223));
    assertThatThrownBy(() -> box(50, 40, 51.5, 10).inInputSpace(image, INPUT))
        .isInstanceOf(DatasetException.class)
        .hasMessage(
            "data/bounding_boxes.txt:7: box [50.0, 40.0, 101.5, 50.0] reaches outside the 100x80"
                + " image");
  }

  @Test
  void rejectsABoxStartingPastTheImage() {
    assertThatThrownBy(() -> box(100, 0, 1, 1).inInputSpace(new ImageSize(100, 80), INPUT))
        .isInstanceOf(DatasetException.class)
        .hasMessageStartingWith("data/bounding_boxes.txt:7: box [100.0, 0.0, 101.0, 1.0]");
  }

  @Test
  void rejectsBoxesWithoutAreaOrBeforeTheOrigin() {
    assertThatThrownBy(() -> box(1, 1, 0, 5))
        .hasMessage("data/bounding_boxes.txt:7: box has no area (width 0.0, height 5.0)");
    assertThatThrownBy(() -> box(-1, 1, 5, 5))
        .hasMessage("data/bounding_boxes.txt:7: box starts outside the image, at (-1.0, 1.0)");
  }

  @Test
  void theBestIouOverSeveralGroundTruthBoxesCounts() {
    GroundTruth truth =
        new GroundTruth(List.of(new IouBox(0, 0, 9, 9), new IouBox(100, 100, 109, 109)));
    assertThat(truth.bestIou(new IouBox(100, 100, 109, 109))).isEqualTo(1.0);
    assertThat(truth.bestIou(List.of(new IouBox(50, 50, 60, 60), new IouBox(0, 0, 9, 9))))
        .isEqualTo(1.0);
    assertThat(truth.bestIou(new IouBox(50, 50, 60, 60))).isZero();
  }
}
