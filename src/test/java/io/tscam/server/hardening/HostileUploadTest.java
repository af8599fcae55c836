package io.tscam.server.hardening;

import static io.tscam.server.hardening.LocalizeClient.assertProblem;
import static io.tscam.server.hardening.LocalizeClient.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.tscam.server.testsupport.ServedWithTinyModel;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Odd and hostile image uploads over real HTTP against the real app and model: odd-but-valid images
 * are answered in their displayed orientation, hostile ones with the right 4xx, never a 5xx, and
 * the very next ordinary request is served.
 */
@ServedWithTinyModel
class HostileUploadTest {

  @LocalServerPort int port;
  private LocalizeClient client;

  @BeforeEach
  void connect() {
    client = clientFor(port);
  }

  /** The client these uploads are sent with; a secured run sends its credentials. */
  LocalizeClient clientFor(int serverPort) {
    return new LocalizeClient(serverPort);
  }

  static Stream<Arguments> oddButValidImages() {
    return Stream.of(
        arguments("images/cmyk.jpg", "image/jpeg", 64, 48),
        arguments("images/progressive.jpg", "image/jpeg", 64, 48),
        arguments("images/icc-profile.jpg", "image/jpeg", 64, 48),
        arguments("images/gray.jpg", "image/jpeg", 64, 48),
        arguments("images/rgb16.png", "image/png", 64, 48),
        arguments("images/gray16.png", "image/png", 64, 48),
        arguments("images/palette.png", "image/png", 64, 48),
        arguments("images/gray.png", "image/png", 64, 48),
        arguments("images/bilevel.png", "image/png", 64, 48),
        arguments("images/rgba.png", "image/png", 64, 48),
        arguments("images/gray-alpha.png", "image/png", 64, 48),
        arguments("images/interlaced.png", "image/png", 64, 48),
        arguments("images/rgb.bmp", "image/bmp", 64, 48),
        arguments("images/palette.bmp", "image/bmp", 64, 48),
        arguments("images/palette.gif", "image/gif", 64, 48),
        arguments("images/one-pixel.png", "image/png", 1, 1),
        arguments("images/wide.png", "image/png", 4000, 10),
        // The part's content type is the client's claim; the bytes decide.
        arguments("images/rgb.jpg", "image/png", 64, 48),
        arguments("images/rgb.png", "application/octet-stream", 160, 120),
        // Stored 24x16; orientations 5 to 8 turn it a quarter, so it is displayed 16x24.
        arguments("images/exif-3.jpg", "image/jpeg", 24, 16),
        arguments("images/exif-5.jpg", "image/jpeg", 16, 24),
        arguments("images/exif-6.jpg", "image/jpeg", 16, 24),
        arguments("images/exif-7.jpg", "image/jpeg", 16, 24),
        arguments("images/exif-8.jpg", "image/jpeg", 16, 24));
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("oddButValidImages")
  void answersOddButValidImagesInTheirDisplayedSize(
      String file, String partType, int width, int height) {
    HttpResponse<String> response = client.upload(SampleImages.resource(file), partType);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertBoxesWithin(json(response), width, height);
    client.assertStillServes();
  }

  static Stream<Arguments> hostileUploads() {
    byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    byte[] gif = "GIF89a".getBytes(StandardCharsets.US_ASCII);
    return Stream.of(
        arguments("an empty image part", new byte[0], 400, "invalid-image"),
        arguments(
            "text",
            SampleImages.resource("images/not-an-image.txt"),
            415,
            "unsupported-media-type"),
        arguments(
            "HTML", SampleImages.resource("hostile/page.html"), 415, "unsupported-media-type"),
        arguments(
            "TIFF", SampleImages.resource("images/photo.tiff"), 415, "unsupported-media-type"),
        arguments(
            "WebP", SampleImages.resource("images/photo.webp"), 415, "unsupported-media-type"),
        arguments(
            "a truncated JPEG",
            SampleImages.resource("images/truncated.jpg"),
            400,
            "invalid-image"),
        arguments(
            "a truncated progressive JPEG",
            SampleImages.resource("images/truncated-progressive.jpg"),
            400,
            "invalid-image"),
        arguments(
            "a truncated PNG", SampleImages.resource("images/truncated.png"), 400, "invalid-image"),
        arguments(
            "random bytes behind a PNG signature",
            SampleImages.randomBehind(png, 4096, 7),
            400,
            "invalid-image"),
        arguments(
            "random bytes behind a GIF signature",
            SampleImages.randomBehind(gif, 4096, 8),
            400,
            "invalid-image"),
        arguments(
            "a PNG header declaring a huge raster",
            SampleImages.resource("images/bomb.png"),
            413,
            "image-too-large"),
        arguments(
            "a JPEG header declaring 50000x50000",
            SampleImages.resource("hostile/huge-header.jpg"),
            413,
            "image-too-large"),
        arguments(
            "a complete 110 kB PNG of 30000x30000 pixels",
            SampleImages.resource("hostile/huge-raster.png"),
            413,
            "image-too-large"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hostileUploads")
  void refusesHostileUploadsWithTheirOwnProblemKind(
      String description, byte[] upload, int status, String kind) {
    assertProblem(client.upload(upload, "image/jpeg"), status, kind);
    client.assertStillServes();
  }

  @Test
  void namesTheSupportedFormatsWhenRefusingAForeignOne() {
    HttpResponse<String> response =
        client.upload(SampleImages.resource("images/photo.tiff"), "image/tiff");

    assertThat(json(response).get("detail").asString())
        .contains("TIFF")
        .contains("JPEG", "PNG", "GIF", "BMP");
  }

  @Test
  void aTwelveMegapixelPhotoPassesTheConfiguredPixelLimit() {
    HttpResponse<String> response = client.upload(SampleImages.jpeg(4000, 3000), "image/jpeg");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertBoxesWithin(json(response), 4000, 3000);
  }

  @Test
  void aPhotoOverTheConfiguredPixelLimitIsRefusedNamingTheLimit() {
    HttpResponse<String> response = client.upload(SampleImages.jpeg(4000, 3500), "image/jpeg");

    assertProblem(response, 413, "image-too-large");
    assertThat(json(response).get("detail").asString()).contains("4000x3500", "13000000");
    client.assertStillServes();
  }

  private static void assertBoxesWithin(JsonNode body, int width, int height) {
    assertThat(body.at("/image/width").asInt()).isEqualTo(width);
    assertThat(body.at("/image/height").asInt()).isEqualTo(height);
    assertThat(body.get("predictions")).isNotEmpty();
    for (JsonNode prediction : body.get("predictions")) {
      JsonNode box = prediction.get("box");
      assertThat(box.get("x1").asInt()).isBetween(0, box.get("x2").asInt() - 1);
      assertThat(box.get("y1").asInt()).isBetween(0, box.get("y2").asInt() - 1);
      assertThat(box.get("x2").asInt()).isLessThanOrEqualTo(width);
      assertThat(box.get("y2").asInt()).isLessThanOrEqualTo(height);
    }
  }
}
