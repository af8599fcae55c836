package io.tscam.server.hardening;

import static io.tscam.server.hardening.LocalizeClient.assertNoInternals;
import static io.tscam.server.hardening.LocalizeClient.assertProblem;
import static io.tscam.server.hardening.LocalizeClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.testsupport.MultipartBody;
import io.tscam.server.testsupport.ServedWithTinyModel;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Requests that are wrong before any image is looked at: empty or broken multipart bodies, too many
 * or too large parts, oversized headers, undecodable query strings. Each gets a 4xx, never a 5xx,
 * and the app serves the next ordinary request.
 */
@ServedWithTinyModel
class MalformedRequestTest {

  private static final String TINY_PNG = "images/one-pixel.png";
  private static final long SIXTY_MEGABYTES = 60L * 1024 * 1024;

  @LocalServerPort int port;
  private LocalizeClient client;

  @BeforeEach
  void connect() {
    client = new LocalizeClient(port);
  }

  @AfterEach
  void stillServes() {
    client.assertStillServes();
  }

  @Test
  void anEmptyMultipartBodyLacksTheImagePart() {
    HttpRequest empty =
        HttpRequest.newBuilder(client.localize(""))
            .header("Content-Type", "multipart/form-data; boundary=nothing")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();

    assertProblem(client.send(empty), 400, "missing-image");
  }

  @Test
  void anEmptyBodyWithoutContentTypeIsNotAnUpload() {
    HttpRequest empty =
        HttpRequest.newBuilder(client.localize(""))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();

    assertProblem(client.send(empty), 415, "unsupported-media-type");
  }

  @Test
  void multipartWithoutABoundaryIsMalformed() {
    HttpRequest noBoundary =
        HttpRequest.newBuilder(client.localize(""))
            .header("Content-Type", "multipart/form-data")
            .POST(HttpRequest.BodyPublishers.ofString("just text"))
            .build();

    assertProblem(client.send(noBoundary), 400, "invalid-request");
  }

  @Test
  void anUnterminatedMultipartBodyIsMalformed() {
    MultipartBody upload =
        new MultipartBody().file("image", "a.png", "image/png", SampleImages.resource(TINY_PNG));
    byte[] complete = upload.toByteArray();
    byte[] cut = Arrays.copyOf(complete, complete.length - 20);
    HttpRequest request =
        HttpRequest.newBuilder(client.localize(""))
            .header("Content-Type", upload.contentType())
            .POST(HttpRequest.BodyPublishers.ofByteArray(cut))
            .build();

    assertProblem(client.send(request), 400, "invalid-request");
  }

  @Test
  void moreFormPartsThanTheServerAllowsAreRefusedAsTooLarge() {
    MultipartBody upload = new MultipartBody();
    IntStream.range(0, 50).forEach(i -> upload.field("field" + i, "x"));
    upload.file("image", "a.png", "image/png", SampleImages.resource(TINY_PNG));

    HttpResponse<String> response = client.send(upload.post(client.localize("")));

    assertProblem(response, 413, "upload-too-large");
    assertThat(json(response).get("detail").asString()).contains("parts");
  }

  @Test
  void aPartHeaderOverTheLimitIsRefusedAsTooLarge() {
    String longName = "a".repeat(8_000) + ".png";
    HttpRequest request =
        new MultipartBody()
            .file("image", longName, "image/png", SampleImages.resource(TINY_PNG))
            .post(client.localize(""));

    HttpResponse<String> response = client.send(request);

    assertProblem(response, 413, "upload-too-large");
    assertThat(json(response).get("detail").asString()).contains("header");
  }

  @Test
  void aPartFarOverTheUploadLimitIsRefusedWithoutReadingItAll() {
    MultipartBody upload = new MultipartBody();
    RawHttp.Answer answer =
        RawHttp.upload(
            port,
            "POST /localize HTTP/1.1",
            "Content-Type: " + upload.contentType() + "\r\n",
            upload.fileOpening("image", "big.png"),
            SIXTY_MEGABYTES);

    assertThat(answer.status()).as(answer.text()).isEqualTo(413);
    assertThat(answer.text()).contains("urn:tscam:problem:upload-too-large", "2 MB");
    assertNoInternals(answer.text());
  }

  @Test
  void aHeaderLineOverTheServersLimitIs400WithoutInternals() {
    RawHttp.Answer answer =
        RawHttp.exchange(
            port, "GET /model HTTP/1.1", "X-Padding: " + "a".repeat(70_000) + "\r\n", new byte[0]);

    assertThat(answer.status()).isEqualTo(400);
    assertNoInternals(answer.text());
  }

  @Test
  void anUndecodablePercentEscapeInTheQueryIs400() {
    assertMalformedQuery("%zz");
  }

  @Test
  void aParameterThatIsNotUtf8Is400() {
    assertMalformedQuery("topk=%C0%AF");
  }

  @Test
  void moreQueryParametersThanTheServerParsesIs400() {
    String many =
        IntStream.range(0, 1_500).mapToObj(i -> "p" + i + "=1").collect(Collectors.joining("&"));
    RawHttp.Answer answer = postTinyImage(many);

    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertNoInternals(answer.text());
  }

  private void assertMalformedQuery(String query) {
    RawHttp.Answer answer = postTinyImage(query);

    assertThat(answer.status()).as(answer.text()).isEqualTo(400);
    assertThat(answer.text()).contains("urn:tscam:problem:invalid-request");
    assertNoInternals(answer.text());
  }

  private RawHttp.Answer postTinyImage(String query) {
    MultipartBody upload =
        new MultipartBody().file("image", "a.png", "image/png", SampleImages.resource(TINY_PNG));
    return RawHttp.exchange(
        port,
        "POST /localize?" + query + " HTTP/1.1",
        "Content-Type: " + upload.contentType() + "\r\n",
        upload.toByteArray());
  }
}
