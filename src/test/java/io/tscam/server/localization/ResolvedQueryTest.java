package io.tscam.server.localization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tscam.server.inference.AttentionReadout;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the pipeline computes for a query: only what the answer shows. */
class ResolvedQueryTest {

  private static final int CLASSES = 10;

  @Test
  void anOverlayAsksOnlyForTheClassItDrawsWithItsMap() {
    ResolvedQuery topFive = resolve(new LocalizationQuery(5, List.of(), 0.3, false, Fusion.TSCAM));
    assertThat(topFive.drawn())
        .isEqualTo(
            new ResolvedQuery(1, List.of(), 0.3, true, Fusion.TSCAM, BoxMode.LARGEST, 0.1, false));

    ResolvedQuery listed =
        resolve(new LocalizationQuery(5, List.of(7, 2), null, false, Fusion.ROLLOUT));
    assertThat(listed.drawn())
        .isEqualTo(
            new ResolvedQuery(
                1, List.of(7), 0.2, true, Fusion.ROLLOUT, BoxMode.LARGEST, 0.1, false));
  }

  @Test
  void theOverlayStillChecksEveryParameterAskedFor() {
    assertThatThrownBy(
            () -> resolve(new LocalizationQuery(11, List.of(), null, false, Fusion.TSCAM)).drawn())
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("topk");
    assertThatThrownBy(
            () ->
                resolve(new LocalizationQuery(5, List.of(1, 10), null, false, Fusion.TSCAM))
                    .drawn())
        .isInstanceOf(InvalidQueryException.class)
        .hasMessageContaining("classes");
  }

  @Test
  void eachFusionReadsOnlyTheAttentionItNeeds() {
    assertThat(Fusion.TSCAM.readout()).isEqualTo(AttentionReadout.CLASS_TOKEN_ROWS);
    assertThat(Fusion.ROLLOUT.readout()).isEqualTo(AttentionReadout.FULL);
  }

  private static ResolvedQuery resolve(LocalizationQuery query) {
    return ResolvedQuery.resolve(query, CLASSES, 0.2);
  }
}
