package io.tscam.server.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tscam.server.testsupport.Npy;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Fusion and coupling against tools/tscam/reference.py on the raw outputs of a small random TS-CAM
 * (7 x 7 tokens, T = 50, 4 layers, 3 heads, 6 classes, a batch of two images read by offset).
 */
class FusionGoldenTest {

  private static final Map<String, Npy> GOLDEN = Npy.readArchiveResource("golden/boxes/fusion.npz");
  private static final int[] SHAPE = GOLDEN.get("attentions").shape(); // [B, L, heads, T, T]
  private static final int IMAGES = SHAPE[0];
  private static final int LAYERS = SHAPE[1];
  private static final int HEADS = SHAPE[2];
  private static final int TOKENS = SHAPE[3];
  private static final int PATCHES = TOKENS - 1;

  private final float[] attentions = GOLDEN.get("attentions").floats();
  private final AttentionFusion layerSum = new LayerSumFusion();

  @Test
  void layerSumEqualsTheReferenceMapExactly() {
    float[] expected = GOLDEN.get("class_token_map").floats();
    for (int image = 0; image < IMAGES; image++) {
      int offset = image * LAYERS * HEADS * TOKENS * TOKENS;
      AttentionTensor attention = new AttentionTensor(attentions, offset, LAYERS, HEADS, TOKENS);
      assertThat(layerSum.classTokenMap(attention))
          .as("image %d", image)
          .containsExactly(slice(expected, image, PATCHES));
    }
  }

  @Test
  void headAveragedAttentionGivesTheReferenceMapExactly() {
    float[] headMean = GOLDEN.get("attentions_head_mean").floats();
    float[] expected = GOLDEN.get("class_token_map_head_mean").floats();
    for (int image = 0; image < IMAGES; image++) {
      int offset = image * LAYERS * TOKENS * TOKENS;
      AttentionTensor attention = new AttentionTensor(headMean, offset, LAYERS, 1, TOKENS);
      assertThat(layerSum.classTokenMap(attention))
          .as("image %d", image)
          .containsExactly(slice(expected, image, PATCHES));
    }
  }

  @Test
  void classTokenRowsAloneGiveTheSameMap() {
    float[] expected = GOLDEN.get("class_token_map").floats();
    float[] rows = new float[LAYERS * HEADS * TOKENS];
    for (int matrix = 0; matrix < LAYERS * HEADS; matrix++) {
      System.arraycopy(attentions, matrix * TOKENS * TOKENS, rows, matrix * TOKENS, TOKENS);
    }
    AttentionTensor attention = AttentionTensor.classTokenRows(rows, 0, LAYERS, HEADS, TOKENS);
    assertThat(layerSum.classTokenMap(attention)).containsExactly(slice(expected, 0, PATCHES));
  }

  @Test
  void coupledMapsEqualTheReference() {
    Npy featureArray = GOLDEN.get("feature_maps"); // [B, C, h, w]
    int classes = featureArray.dimension(1);
    int height = featureArray.dimension(2);
    int width = featureArray.dimension(3);
    float[] features = featureArray.floats();
    float[] tokenMaps = GOLDEN.get("class_token_map").floats();
    float[] expected = GOLDEN.get("coupled_maps").floats();
    for (int image = 0; image < IMAGES; image++) {
      FeatureMaps maps =
          new FeatureMaps(features, image * classes * PATCHES, classes, height, width);
      for (int c = 0; c < classes; c++) {
        GridMap coupled = GridMap.coupled(slice(tokenMaps, image, PATCHES), maps, c);
        assertThat(coupled.height()).isEqualTo(height);
        assertThat(coupled.width()).isEqualTo(width);
        assertThat(coupled.values())
            .as("image %d class %d", image, c)
            .containsExactly(slice(expected, image * classes + c, PATCHES));
      }
    }
  }

  @Test
  void rolloutMatchesNumpyMatrixProducts() {
    float[] expected = GOLDEN.get("rollout_map").floats();
    AttentionFusion rollout = new RolloutFusion();
    for (int image = 0; image < IMAGES; image++) {
      int offset = image * LAYERS * HEADS * TOKENS * TOKENS;
      float[] map =
          rollout.classTokenMap(new AttentionTensor(attentions, offset, LAYERS, HEADS, TOKENS));
      float[] want = slice(expected, image, PATCHES);
      for (int j = 0; j < PATCHES; j++) {
        assertThat(map[j])
            .as("image %d patch %d", image, j)
            .isCloseTo(want[j], within(1e-6f * want[j]));
      }
    }
  }

  private static float[] slice(float[] values, int index, int length) {
    return Arrays.copyOfRange(values, index * length, (index + 1) * length);
  }
}
