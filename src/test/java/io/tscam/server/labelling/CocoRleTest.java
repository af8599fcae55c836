package io.tscam.server.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.cam.RegionMask;
import io.tscam.server.testsupport.TextMaps;
import org.junit.jupiter.api.Test;

/** COCO's uncompressed RLE: runs down the columns, the first one counting zeros. */
class CocoRleTest {

  @Test
  void runsGoDownEachColumnInTurnStartingWithZeros() {
    RegionMask mask =
        mask(
            "....", //
            ".##.", ".#..");
    ImageSize image = new ImageSize(4, 3);

    CocoRle rle = CocoRle.of(mask, image, new Box(0, 0, 4, 3));

    // Column-major: ... | .## | .#. | ... -> 4 zeros, 2 ones, 1 zero, 1 one, 4 zeros.
    assertThat(rle.counts()).containsExactly(4, 2, 1, 1, 4);
    assertThat(rle.height()).isEqualTo(3);
    assertThat(rle.width()).isEqualTo(4);
    assertThat(rle.area()).isEqualTo(3);
  }

  @Test
  void aMaskStartingWithItsFirstPixelSetStartsWithAnEmptyRunOfZeros() {
    CocoRle rle = CocoRle.of(mask("#.", ".."), new ImageSize(2, 2), new Box(0, 0, 2, 2));
    assertThat(rle.counts()).containsExactly(0, 1, 3);
  }

  @Test
  void theMaskIsResizedToTheImageAndKeptWithinTheBox() {
    RegionMask mask = mask("##.", "##.");
    CocoRle rle = CocoRle.of(mask, new ImageSize(6, 2), new Box(1, 0, 3, 2));
    // Resized, columns 0-3 are set (each takes the source column its centre falls in: 0 0 1 1 2
    // 2); only columns 1 and 2 are in the box.
    assertThat(rle.counts()).containsExactly(2, 4, 6);
    assertThat(rle.area()).isEqualTo(4);
  }

  /** The largest object of a 0/1 map: for these maps, exactly its '#' pixels. */
  private static RegionMask mask(String... rows) {
    return TextMaps.of(rows).largestContourMask(0.5).orElseThrow().mask();
  }
}
