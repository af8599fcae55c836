package io.tscam.server.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.cam.ImageSize;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReducedReadTest {

  private static final ReducedRead DEIT_SMALL = ReducedRead.forModel(new ImageSize(224, 224));

  @ParameterizedTest(name = "{0}x{1} -> every {2}th pixel")
  @CsvSource({
    "4032, 3024, 6", // a 12 MP phone photo: 672x504, still two inputs per side
    "3024, 4032, 6",
    "2048, 2048, 4",
    "500, 375, 1", // CUB-sized: exact
    "1500, 1200, 1", // over four inputs per side, but below the fixed floor: exact
    "8000, 1000, 1", // one short side keeps the whole image exact
  })
  void readsOnlyLargePhotosAtAReducedScale(int width, int height, int step) {
    assertThat(DEIT_SMALL.subsampling(new ImageSize(width, height))).isEqualTo(step);
  }

  @ParameterizedTest(name = "{0}x{1} -> every {2}th pixel")
  @CsvSource({"63, 63, 1", "64, 64, 2", "100000, 64, 2", "640, 480, 15"})
  void keepsTwoInputsPerSideWithoutAFloor(int width, int height, int step) {
    ReducedRead tiny = ReducedRead.forInput(new ImageSize(16, 16));

    assertThat(tiny.subsampling(new ImageSize(width, height))).isEqualTo(step);
  }

  @ParameterizedTest(name = "{0}x{1} -> every {2}th pixel")
  @CsvSource({
    "4032, 3024, 4", // 1008x756: within 2% of the 1024 overlay
    "4000, 3000, 3", // 1333x1000: every 4th pixel would keep 1000, over 2% short
    "3024, 4032, 4", // portrait: the longer side counts, whichever it is
    "2048, 2048, 2",
    "2047, 4000, 1",
    "1600, 1200, 1",
  })
  void overlaysKeepTheirLongestSideAtLeastTheOverlaySize(int width, int height, int step) {
    ReducedRead overlay = ReducedRead.forOverlay(new ImageSize(224, 224), 1024);

    assertThat(overlay.subsampling(new ImageSize(width, height))).isEqualTo(step);
  }

  @ParameterizedTest(name = "{0}x{1} -> every {2}th pixel")
  @CsvSource({"4032, 3024, 27", "500, 375, 1"})
  void theDemoModelsSmallInputStillReadsOrdinaryImagesExactly(int width, int height, int step) {
    assertThat(
            ReducedRead.forModel(new ImageSize(56, 56)).subsampling(new ImageSize(width, height)))
        .isEqualTo(step);
  }

  @ParameterizedTest(name = "{0}x{1} -> 1/{2}")
  @CsvSource({
    "4032, 3024, 4", // 1008x756; 1/8 would leave 378 rows, under two 224 inputs
    "3024, 4032, 4",
    "8064, 6048, 8", // 1008x756
    "2048, 2048, 4", // 512x512
    "3577, 4032, 8", // 1/8 keeps 448 columns, as libjpeg rounds 447.1 up
    "3576, 4032, 4", // 1/8 would keep 447
    "500, 375, 1", // CUB-sized: exact
    "1500, 1200, 1", // below the fixed floor: exact
  })
  void scalesLargeJpegsInsideTheIdctKeepingTwoInputsPerSide(int width, int height, int n) {
    assertThat(DEIT_SMALL.dctDenominator(new ImageSize(width, height))).isEqualTo(n);
  }

  @ParameterizedTest(name = "{0}x{1} -> 1/{2}")
  @CsvSource({
    "4032, 3024, 4", // 1008x756: 1.6% short of 1024, stretched by the overlay scaler
    "3024, 4032, 4",
    "4000, 3000, 2", // 1/4 would keep 1000, 2.3% short
    "8064, 6048, 8", // 1008x756
    "3264, 2448, 2", // an 8 MP photo: 1632x1224; 1/4 would keep 816
    "1600, 1200, 1"
  })
  void overlaysScaleJpegsOnlyAsFarAsTheOverlaySize(int width, int height, int n) {
    ReducedRead overlay = ReducedRead.forOverlay(new ImageSize(224, 224), 1024);

    assertThat(overlay.dctDenominator(new ImageSize(width, height))).isEqualTo(n);
  }
}
