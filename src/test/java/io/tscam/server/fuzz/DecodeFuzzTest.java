package io.tscam.server.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.imaging.DecodedImage;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.imaging.ImageRejectedException;
import io.tscam.server.imaging.Preprocessor;
import io.tscam.server.imaging.ReducedRead;
import org.junit.jupiter.api.Tag;

/**
 * Arbitrary bytes through the decoder (libjpeg-turbo for JPEG where installed, as in the service)
 * and the preprocessor, as an upload takes them: the only exceptions allowed out are the documented
 * {@link ImageRejectedException}s (which the API maps to 4xx); an accepted image must become a
 * tensor of finite values in the normalised range.
 *
 * <p>A plain test run replays the seed corpus (every sample and hostile image, see {@code
 * DecodeFuzzTestInputs}) and any crash found earlier. {@code JAZZER_FUZZ=1} fuzzes for the time
 * budget below; docs/reliability.md has the commands.
 *
 * <p>Tagged {@code fuzz}: the build runs it in a JVM of its own (pom.xml, surefire).
 */
@Tag("fuzz")
class DecodeFuzzTest {

  private static final ImageSize MODEL_INPUT = new ImageSize(224, 224);

  /** How the service decodes a model-bound upload (Localizer's reduced-scale floor). */
  private static final ReducedRead MODEL_READ = ReducedRead.forModel(new ImageSize(512, 512));

  /**
   * Reduces sources from 16 px per side down to 8, so nearly every accepted image also takes the
   * reduced-scale reads: a JPEG scaled inside libjpeg-turbo's IDCT, other formats subsampled.
   */
  private static final ReducedRead TINY_READ =
      new ReducedRead(new ImageSize(16, 16), new ImageSize(8, 8));

  /** Small, so a fuzzed header cannot make one input cost seconds of decoding. */
  private static final long MAX_PIXELS = 4_000_000;

  private static final double[] MEAN = {0.485, 0.456, 0.406};
  private static final double[] STD = {0.229, 0.224, 0.225};

  private final ImageDecoder decoder = new ImageDecoder(MAX_PIXELS);
  private final Preprocessor preprocessor = new Preprocessor(MODEL_INPUT, MEAN, STD);

  @FuzzTest(maxDuration = "10m")
  @DictionaryFile(resourcePath = "images.dict")
  void onlyImageRejectionsEscape(byte[] upload) {
    DecodedImage image;
    DecodedImage reduced;
    try {
      image = decoder.decode(upload, MODEL_READ);
      reduced = decoder.decode(upload, TINY_READ);
    } catch (ImageRejectedException documented) {
      return;
    }
    assertThat((long) image.width() * image.height()).isBetween(1L, MAX_PIXELS);
    assertThat(reduced.size()).isEqualTo(image.size());

    float[] tensor = new float[preprocessor.tensorLength()];
    preprocessor.write(image.image(), tensor, 0);

    for (int i = 0; i < tensor.length; i++) {
      int channel = i / (tensor.length / 3);
      assertThat((double) tensor[i])
          .isBetween(
              (0 - MEAN[channel]) / STD[channel] - 1e-5, (1 - MEAN[channel]) / STD[channel] + 1e-5);
    }
  }
}
