package io.tscam.server.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

@ExtendWith(OutputCaptureExtension.class)
class TurboJpegTest {

  @Test
  void findsTheSystemLibrary() {
    // tools/requirements-debian.txt installs it; the Docker images do too.
    assertThat(TurboJpeg.system())
        .hasValueSatisfying(
            library ->
                assertThat(library.description())
                    .matches("libjpeg-turbo \\(TurboJPEG [23] API\\)"));
  }

  @Test
  void aMissingLibraryIsOneWarningNamingThePackageNotAFailure(CapturedOutput output) {
    assertThat(TurboJpeg.load("turbojpeg-not-installed")).isEmpty();

    assertThat(output.getOut().lines().filter(line -> line.contains("WARN")))
        .singleElement()
        .asString()
        .contains("decoded with ImageIO", "libturbojpeg0");
  }
}
