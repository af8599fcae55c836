package io.tscam.server.hardening;

import static io.tscam.server.hardening.LocalizeClient.assertProblem;
import static io.tscam.server.hardening.LocalizeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.ServedWithTinyModel;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * POST /localize with the image as the whole body (issue 20, part 2), over real HTTP: the same
 * answers as the multipart upload, the format read from the bytes whatever the Content-Type says,
 * and every problem answer as for multipart.
 */
@ServedWithTinyModel
class RawImageBodyTest {

  @LocalServerPort int port;
  private LocalizeClient client;

  @BeforeEach
  void connect() {
    client = new LocalizeClient(port);
  }

  @Test
  void answersExactlyAsTheMultipartUploadOfTheSameImage() {
    byte[] photo = SampleImages.jpeg(640, 480);

    HttpResponse<String> raw = client.uploadRaw("topk=3&boxes=all", photo, "image/jpeg");
    HttpResponse<String> multipart = client.upload("topk=3&boxes=all", photo, "image/jpeg");

    assertThat(raw.statusCode()).as(raw.body()).isEqualTo(200);
    assertThat(json(raw)).isEqualTo(json(multipart));
    assertThat(json(raw).at("/image/width").asInt()).isEqualTo(640);
  }

  @ParameterizedTest(name = "{0} as {1}")
  @CsvSource({
    "images/rgb.png, image/png, 160, 120",
    "images/palette.gif, image/gif, 64, 48",
    "images/rgb.bmp, image/bmp, 64, 48",
    "images/rgb.png, application/octet-stream, 160, 120",
    // The Content-Type is the client's claim; the bytes decide.
    "images/rgb.jpg, image/png, 64, 48",
    "images/exif-6.jpg, image/jpeg, 16, 24"
  })
  void readsTheFormatFromTheBytes(String file, String contentType, int width, int height) {
    HttpResponse<String> response =
        client.uploadRaw("topk=1", SampleImages.resource(file), contentType);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(json(response).at("/image/width").asInt()).isEqualTo(width);
    assertThat(json(response).at("/image/height").asInt()).isEqualTo(height);
  }

  @Test
  void answersThePngOverlay() {
    HttpRequest request =
        HttpRequest.newBuilder(client.localize("format=png"))
            .header("Content-Type", "image/png")
            .POST(HttpRequest.BodyPublishers.ofByteArray(SampleImages.photo(200, 100)))
            .build();

    HttpResponse<String> response = client.send(request);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("image/png");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "hostile/page.html, image/jpeg, 415, unsupported-media-type",
    "images/rgb.bmp, text/plain, 415, unsupported-media-type",
    "images/rgb.bmp, application/x-www-form-urlencoded, 415, unsupported-media-type"
  })
  void refusesWhatIsNotAnImageOrNotSentAsOne(
      String file, String contentType, int status, String kind) {
    HttpResponse<String> response = client.uploadRaw("", SampleImages.resource(file), contentType);

    assertProblem(response, status, kind);
    client.assertStillServes();
  }

  @Test
  void refusesAnEmptyOrTruncatedBodyAsAnInvalidImage() {
    assertProblem(client.uploadRaw("", new byte[0], "image/jpeg"), 400, "invalid-image");
    assertProblem(
        client.uploadRaw("", SampleImages.truncated("images/rgb.jpg", 300), "image/jpeg"),
        400,
        "invalid-image");
  }

  @Test
  void namesTheRawTypesWhenTheContentTypeIsWrong() {
    HttpResponse<String> response = client.uploadRaw("", new byte[16], "text/plain");

    assertThat(json(response).get("detail").asString()).contains("image/jpeg", "multipart");
  }

  @Test
  void refusesABodyOverTheLimitWhileTheClientIsStillSending() {
    RawHttp.Answer answer =
        RawHttp.upload(
            port,
            "POST /localize HTTP/1.1",
            "Content-Type: image/jpeg\r\n",
            "\u00ff\u00d8\u00ff".getBytes(StandardCharsets.ISO_8859_1),
            60L * 1024 * 1024);

    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.text()).contains("urn:tscam:problem:upload-too-large");
    client.assertStillServes();
  }

  @Test
  void aBadParameterIsTheSameProblemAsForMultipart() {
    HttpResponse<String> response =
        client.uploadRaw("topk=0", SampleImages.photo(64, 64), "image/png");

    assertProblem(response, 400, "invalid-parameter");
    assertThat(json(response).get("parameter").asString()).isEqualTo("topk");
  }
}
