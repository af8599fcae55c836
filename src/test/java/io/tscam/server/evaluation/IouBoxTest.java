package io.tscam.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;
import org.junit.jupiter.api.Test;

class IouBoxTest {

  @Test
  void countsPixelsInclusively() {
    assertThat(new IouBox(0, 0, 9, 9).area()).isEqualTo(100);
    assertThat(new IouBox(3, 4, 3, 4).area()).isEqualTo(1);
  }

  @Test
  void identicalBoxesHaveIouOne() {
    assertThat(new IouBox(2, 3, 40, 50).iou(new IouBox(2, 3, 40, 50))).isEqualTo(1.0);
  }

  @Test
  void partialOverlapByHand() {
    // 5 x 5 shared pixels of two 10 x 10 boxes: 25 / (100 + 100 - 25).
    assertThat(new IouBox(0, 0, 9, 9).iou(new IouBox(5, 5, 14, 14)))
        .isCloseTo(25.0 / 175.0, within(1e-15));
  }

  @Test
  void boxesSharingAnEdgePixelOverlapByOneColumn() {
    // Inclusive corners: x = 9 belongs to both boxes, 1 x 10 pixels.
    assertThat(new IouBox(0, 0, 9, 9).iou(new IouBox(9, 0, 18, 9)))
        .isCloseTo(10.0 / 190.0, within(1e-15));
  }

  @Test
  void boxesApartOnBothAxesDoNotOverlap() {
    // The official, unclamped formula multiplies (-9) x (-9) into 81 and answers 0.50 here.
    assertThat(new IouBox(0, 0, 10, 10).iou(new IouBox(20, 20, 30, 30))).isZero();
  }

  @Test
  void isSymmetric() {
    IouBox a = new IouBox(3, 7, 60, 31);
    IouBox b = new IouBox(20, 0, 90, 25);
    assertThat(a.iou(b)).isEqualTo(b.iou(a));
  }

  @Test
  void predictedBoxesKeepTheirExclusiveCornersAsProduced() {
    assertThat(IouBox.asProduced(new Box(10, 20, 30, 40))).isEqualTo(new IouBox(10, 20, 30, 40));
  }

  @Test
  void maxBoxAccCandidatesAreClampedToTheLastPixel() {
    ImageSize input = new ImageSize(224, 112);
    assertThat(IouBox.clampedTo(new Box(100, 50, 224, 112), input))
        .isEqualTo(new IouBox(100, 50, 223, 111));
    assertThat(IouBox.clampedTo(new Box(0, 0, 1, 1), input)).isEqualTo(new IouBox(0, 0, 1, 1));
  }

  @Test
  void baselineBoxes() {
    assertThat(IouBox.wholeImage(new ImageSize(224, 224))).isEqualTo(new IouBox(0, 0, 223, 223));
    assertThat(IouBox.centredHalf(new ImageSize(224, 224))).isEqualTo(new IouBox(56, 56, 167, 167));
    // Half the side on each axis: 28 x 14 pixels of a 56 x 28 input.
    IouBox centred = IouBox.centredHalf(new ImageSize(56, 28));
    assertThat(centred).isEqualTo(new IouBox(14, 7, 41, 20));
    assertThat(centred.area()).isEqualTo(28 * 14);
  }

  @Test
  void refusesCornersOutOfOrder() {
    assertThatThrownBy(() -> new IouBox(5, 0, 4, 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
