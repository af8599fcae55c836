package io.tscam.server.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Small cases with cv2.resize(src, (W, H)) output; the golden tests check thousands bit-exactly.
 */
class BilinearUpsamplerTest {

  @Test
  void doublesA2x2MapWithHalfPixelCentresAndClampedEdges() {
    float[] out =
        new BilinearUpsampler(2, 2, new ImageSize(4, 4)).upsample(new float[] {0, 1, 2, 3});
    assertThat(out)
        .containsExactly(
            0, .25f, .75f, 1, //
            .5f, .75f, 1.25f, 1.5f, 1.5f, 1.75f, 2.25f, 2.5f, 2, 2.25f, 2.75f, 3);
  }

  @Test
  void roundsInFloatAsOpenCvDoes() {
    float[] out =
        new BilinearUpsampler(1, 3, new ImageSize(6, 2)).upsample(new float[] {.1f, .7f, .3f});
    float[] row = {.1f, .25f, .54999995f, .59999996f, .4f, .3f};
    assertThat(Arrays.copyOfRange(out, 0, 6)).containsExactly(row);
    assertThat(Arrays.copyOfRange(out, 6, 12)).containsExactly(row);
  }

  @Test
  void edgeRowsOfAFlatMapAreNotExactlyFlat() {
    float[] flat = new float[196];
    Arrays.fill(flat, 0.47190973f);
    float[] out = new BilinearUpsampler(14, 14, new ImageSize(224, 224)).upsample(flat);
    assertThat(out[0]).isEqualTo(0.47190976f);
    assertThat(out[224]).isEqualTo(0.47190973f);
    assertThat(out[100 * 224 + 100]).isEqualTo(0.4719097f);
  }

  @Test
  void theSameSizeIsACopy() {
    float[] source = {-0f, 1, 2, 3};
    assertThat(new BilinearUpsampler(2, 2, new ImageSize(2, 2)).upsample(source))
        .containsExactly(source)
        .isNotSameAs(source);
  }

  @Test
  void refusesToDownsample() {
    assertThatThrownBy(() -> new BilinearUpsampler(14, 14, new ImageSize(7, 14)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
