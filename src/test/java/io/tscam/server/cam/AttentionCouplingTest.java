package io.tscam.server.cam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttentionCouplingTest {

  @Test
  void tsCamLeavesTheMapAsItIs() {
    float[] map = {0.5f, 2f, 1f};

    assertThat(AttentionCoupling.TSCAM.apply(map)).isSameAs(map);
  }

  @Test
  void scmMinMaxNormalisesTheMapAsNormCamDoes() {
    float[] map = {0.5f, 2.5f, 1f, 1.5f};

    assertThat(AttentionCoupling.SCM.apply(map)).containsExactly(0f, 1f, 0.25f, 0.5f);
    assertThat(map).containsExactly(0.5f, 2.5f, 1f, 1.5f);
  }

  @Test
  void scmTurnsAFlatMapIntoZerosRatherThanNaN() {
    assertThat(AttentionCoupling.SCM.apply(new float[] {3f, 3f})).containsExactly(0f, 0f);
  }
}
