package io.tscam.server.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JetColourMapTest {

  private final byte[] opencvJet = Npz.load("/golden/imaging/colormap.npz").get("jet").uint8();
  private final JetColourMap jet = new JetColourMap();

  @Test
  void staysWithinOneLevelOfOpenCvEverywhere() {
    for (int level = 0; level < 256; level++) {
      int rgb = jet.rgb(level);
      int[] channels = {rgb >> 16 & 0xFF, rgb >> 8 & 0xFF, rgb & 0xFF};
      for (int channel = 0; channel < 3; channel++) {
        int expected = opencvJet[level * 3 + channel] & 0xFF;
        assertThat(channels[channel])
            .as("level %d channel %d", level, channel)
            .isBetween(expected - 1, expected + 1);
      }
    }
  }

  @Test
  void runsFromDarkBlueToDarkRed() {
    assertThat(jet.rgb(0)).isEqualTo(0x000080);
    assertThat(jet.rgb(255)).isEqualTo(0x800000);
  }
}
