package io.tscam.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tscam.server.inference.InvalidModelException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** tscam.model.url against tscam.model.dir: a URL wins over the bundled package, not another. */
class ModelSourceSettingsTest {

  private static final String URL = "http://store/cub.tar.gz";

  @Test
  void aUrlWinsOverTheBundledPackageHoweverItIsSpelled() {
    Path inTheImage = Path.of("models/demo").toAbsolutePath();
    for (Path bundled : new Path[] {null, Path.of("models/demo"), inTheImage}) {
      TsCamProperties.Model model = new TsCamProperties.Model(bundled, URL, null, null);

      assertThatCode(model::requireOneSource).doesNotThrowAnyException();
      assertThat(model.fromUrl()).isTrue();
    }
  }

  @Test
  void aUrlTogetherWithAnotherFolderIsAnError() {
    TsCamProperties.Model model =
        new TsCamProperties.Model(Path.of("/models/cub"), URL, null, null);

    assertThatThrownBy(model::requireOneSource)
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            "both tscam.model.url (http://store/cub.tar.gz) and tscam.model.dir (/models/cub) are"
                + " set: set only one");
  }

  @Test
  void withoutAUrlTheFolderIsServedAndTheCacheDefaultsUnderTheTempFolder() {
    TsCamProperties.Model model = new TsCamProperties.Model(null, " ", null, null);

    assertThat(model.fromUrl()).isFalse();
    assertThat(model.folder()).isEqualTo(Path.of("models/demo"));
    assertThat(model.cacheFolder())
        .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "tscam-model-cache"));
  }
}
