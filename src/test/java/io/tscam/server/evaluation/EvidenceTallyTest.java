package io.tscam.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tscam.server.localization.Evidence;
import org.junit.jupiter.api.Test;

/** Means per group and the ROC AUC of keep - remove, on hand-made evidence. */
class EvidenceTallyTest {

  @Test
  void splitsAtIouOneHalfAndAveragesEachGroup() {
    EvidenceTally tally = new EvidenceTally();
    tally.add(0.5, new Evidence(0.9, 0.1));
    tally.add(0.7, new Evidence(0.7, 0.3));
    tally.add(0.49, new Evidence(0.2, 0.6));

    EvidenceSeparation separation = tally.separation();
    assertThat(separation.good().boxes()).isEqualTo(2);
    assertThat(separation.good().meanKeep()).isCloseTo(0.8, within(1e-12));
    assertThat(separation.good().meanRemove()).isCloseTo(0.2, within(1e-12));
    assertThat(separation.bad().boxes()).isEqualTo(1);
    assertThat(separation.rocAuc()).isEqualTo(1.0); // every good box scores above the bad one
  }

  @Test
  void theAucIsTheShareOfGoodBadPairsInOrderTiesCountingHalf() {
    EvidenceTally tally = new EvidenceTally();
    // Scores (keep - remove): good 0.5, 0.0; bad 0.0, 0.8. Pairs: (0.5 > 0.0) 1, (0.5 < 0.8) 0,
    // (0.0 = 0.0) 0.5, (0.0 < 0.8) 0: 1.5 of 4.
    tally.add(0.9, new Evidence(0.75, 0.25));
    tally.add(0.9, new Evidence(0.5, 0.5));
    tally.add(0.1, new Evidence(0.5, 0.5));
    tally.add(0.1, new Evidence(0.9, 0.1));
    assertThat(tally.separation().rocAuc()).isCloseTo(0.375, within(1e-12));
  }

  @Test
  void anEmptyGroupHasNoMeansAndNoAuc() {
    EvidenceTally tally = new EvidenceTally();
    tally.add(0.9, new Evidence(0.9, 0.1));
    assertThat(tally.separation().bad()).isEqualTo(new EvidenceSeparation.Group(0, null, null));
    assertThat(tally.separation().rocAuc()).isNull();
  }
}
