package io.tscam.server.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BoxTest {

  private static final ImageSize INPUT = new ImageSize(224, 224);

  @Test
  void scalesEachAxisByItsOwnFactor() {
    Box box = new Box(10, 20, 100, 200);
    assertThat(box.toImage(INPUT, new ImageSize(448, 336))).isEqualTo(new Box(20, 30, 200, 300));
  }

  @Test
  void roundsHalfUp() {
    // 1 * 0.5 = 0.5 -> 1; 3 * 0.5 = 1.5 -> 2
    assertThat(new Box(1, 1, 3, 3).toImage(INPUT, new ImageSize(112, 112)))
        .isEqualTo(new Box(1, 1, 2, 2));
  }

  @Test
  void staysInsideTheImage() {
    assertThat(new Box(0, 0, 224, 224).toImage(INPUT, new ImageSize(100, 50)))
        .isEqualTo(new Box(0, 0, 100, 50));
    assertThat(new Box(223, 223, 224, 224).toImage(INPUT, new ImageSize(100, 100)))
        .isEqualTo(new Box(99, 99, 100, 100));
  }

  @Test
  void keepsAtLeastOnePixelOnASmallerImage() {
    assertThat(Box.NO_CONTOUR.toImage(INPUT, new ImageSize(100, 100)))
        .isEqualTo(new Box(0, 0, 1, 1));
  }

  @Test
  void rejectsCornersOutOfOrder() {
    assertThatThrownBy(() -> new Box(5, 0, 4, 1)).isInstanceOf(IllegalArgumentException.class);
  }
}
