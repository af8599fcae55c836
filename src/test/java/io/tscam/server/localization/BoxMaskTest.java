package io.tscam.server.localization;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;
import org.junit.jupiter.api.Test;

class BoxMaskTest {

  // Two planes of 4 x 3, values 1..24.
  private static final float[] INPUT = new float[24];

  static {
    for (int i = 0; i < INPUT.length; i++) {
      INPUT[i] = i + 1;
    }
  }

  private final BoxMask mask = new BoxMask(new ImageSize(4, 3));

  @Test
  void keepZeroesEverythingOutsideTheBoxInEveryPlane() {
    float[] kept = mask.keep(INPUT, new Box(1, 1, 3, 3));
    assertThat(kept)
        .containsExactly(
            0, 0, 0, 0, //
            0, 6, 7, 0, 0, 10, 11, 0, 0, 0, 0, 0, 0, 18, 19, 0, 0, 22, 23, 0);
  }

  @Test
  void removeZeroesEverythingInsideTheBoxAndLeavesTheInputAlone() {
    float[] removed = mask.remove(INPUT, new Box(0, 0, 2, 1));
    assertThat(removed).startsWith(0, 0, 3, 4, 5).contains(0, 0, 15, 16);
    assertThat(removed[12]).isZero();
    assertThat(removed[13]).isZero();
    assertThat(INPUT[0]).isEqualTo(1);
    float[] kept = mask.keep(INPUT, new Box(0, 0, 2, 1));
    for (int i = 0; i < INPUT.length; i++) {
      assertThat(kept[i] + removed[i]).isEqualTo(INPUT[i]);
    }
  }
}
