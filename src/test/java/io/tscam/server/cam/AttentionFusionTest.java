package io.tscam.server.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Both fusions on a case small enough to compute by hand: T = 3 (class token + 2 patches), two
 * layers, two heads whose means are
 *
 * <pre>
 *   A1 = [[.5 .25 .25] [0 1 0] [0 0 1]]     A2 = [[0 1 0] [.5 .5 0] [0 0 1]]
 * </pre>
 *
 * Layer sum, class-token row over the patches: [.25 + 1, .25 + 0] = [1.25, .25].
 *
 * <p>Rollout: (A + I) row-normalised gives M1 row 0 = [.75 .125 .125], rows 1, 2 = e1, e2; M2 row 0
 * = [.5 .5 0]. Row 0 of M2 M1 = .5 [.75 .125 .125] + .5 [0 1 0] = [.375 .5625 .0625].
 */
class AttentionFusionTest {

  private static final float[] TWO_LAYERS_TWO_HEADS = {
    // layer 1, head a
    1, 0, 0, 0, 1, 0, 0, 0, 1,
    // layer 1, head b
    0, .5f, .5f, 0, 1, 0, 0, 0, 1,
    // layer 2, head a
    0, 1, 0, 1, 0, 0, 0, 0, 1,
    // layer 2, head b
    0, 1, 0, 0, 1, 0, 0, 0, 1,
  };

  private final AttentionTensor attention = new AttentionTensor(TWO_LAYERS_TWO_HEADS, 0, 2, 2, 3);

  @Test
  void layerSumAddsTheHeadMeansOfTheClassTokenRow() {
    assertThat(new LayerSumFusion().classTokenMap(attention)).containsExactly(1.25f, .25f);
  }

  @Test
  void rolloutMultipliesTheResidualNormalisedLayers() {
    assertThat(new RolloutFusion().classTokenMap(attention)).containsExactly(.5625f, .0625f);
  }

  @Test
  void tensorsAreReadFromTheirOffset() {
    float[] padded = new float[5 + TWO_LAYERS_TWO_HEADS.length];
    System.arraycopy(TWO_LAYERS_TWO_HEADS, 0, padded, 5, TWO_LAYERS_TWO_HEADS.length);
    AttentionTensor shifted = new AttentionTensor(padded, 5, 2, 2, 3);
    assertThat(new RolloutFusion().classTokenMap(shifted)).containsExactly(.5625f, .0625f);
    assertThat(new LayerSumFusion().classTokenMap(shifted)).containsExactly(1.25f, .25f);
  }

  @Test
  void rolloutRefusesClassTokenRowsAlone() {
    AttentionTensor rows = AttentionTensor.classTokenRows(new float[2 * 2 * 3], 0, 2, 2, 3);
    assertThatThrownBy(() -> new RolloutFusion().classTokenMap(rows))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole");
  }

  @Test
  void tensorRejectsAnArrayTooShortForItsShape() {
    assertThatThrownBy(() -> new AttentionTensor(new float[35], 0, 2, 2, 3))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new AttentionTensor(new float[36], 1, 2, 2, 3))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void couplingChecksTheGridAndTheClass() {
    FeatureMaps maps = new FeatureMaps(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 2, 2, 2);
    assertThat(GridMap.coupled(new float[] {1, 0, .5f, 2}, maps, 1).values())
        .containsExactly(5, 0, 3.5f, 16);
    assertThatThrownBy(() -> GridMap.coupled(new float[3], maps, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> GridMap.coupled(new float[4], maps, 2))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
