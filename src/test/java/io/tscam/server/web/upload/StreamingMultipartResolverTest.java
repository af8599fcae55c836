package io.tscam.server.web.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockServletContext;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** The resolver around the reader: content types, the upload folder, cleanup, error pages. */
class StreamingMultipartResolverTest {

  private static final MultipartLimits LIMITS =
      new MultipartLimits(1 << 20, 2 << 20, 100, 20, 2048, 1024);

  @TempDir Path temporary;

  @Test
  void readsAQuotedBoundaryAndRemovesTheUploadFileAfterTheRequest() throws Exception {
    StreamingMultipartResolver resolver = new StreamingMultipartResolver(LIMITS, "uploads");
    Files.createDirectories(temporary.resolve("uploads"));
    MockHttpServletRequest request = upload("multipart/form-data; boundary=\"b-1\"", "b-1", 500);

    MultipartHttpServletRequest parsed = resolver.resolveMultipart(request);

    assertThat(parsed.getFile("image").getSize()).isEqualTo(500);
    assertThat(parsed.getParameter("topk")).isEqualTo("3");
    assertThat(temporary.resolve("uploads").toFile().list()).hasSize(1);
    resolver.cleanupMultipart(parsed);
    assertThat(temporary.resolve("uploads").toFile().list()).isEmpty();
  }

  @Test
  void refusesADeclaredLengthOverTheLimitBeforeReading() {
    StreamingMultipartResolver resolver = new StreamingMultipartResolver(LIMITS, null);
    MockHttpServletRequest request =
        new MockHttpServletRequest("POST", "/localize") {
          @Override
          public long getContentLengthLong() {
            return 3 << 20;
          }

          @Override
          public ServletInputStream getInputStream() {
            throw new AssertionError("the body was read");
          }
        };
    request.setContentType("multipart/form-data; boundary=b");

    assertThatThrownBy(() -> resolver.resolveMultipart(request))
        .isInstanceOf(MaxUploadSizeExceededException.class);
  }

  @Test
  void aContentTypeWithoutABoundaryIsMalformed() {
    StreamingMultipartResolver resolver = new StreamingMultipartResolver(LIMITS, null);

    assertThatThrownBy(() -> resolver.resolveMultipart(upload("multipart/form-data", "b", 10)))
        .isInstanceOf(MultipartException.class)
        .isNotInstanceOf(MaxUploadSizeExceededException.class);
  }

  @Test
  void anErrorPageDispatchIsNeverParsedAgain() {
    StreamingMultipartResolver resolver = new StreamingMultipartResolver(LIMITS, null);
    MockHttpServletRequest request = upload("multipart/form-data; boundary=b", "b", 10);
    assertThat(resolver.isMultipart(request)).isTrue();

    request.setDispatcherType(DispatcherType.ERROR);

    assertThat(resolver.isMultipart(request)).isFalse();
  }

  private MockHttpServletRequest upload(String contentType, String boundary, int fileBytes) {
    MockServletContext context = new MockServletContext();
    context.setAttribute(ServletContext.TEMPDIR, temporary.toFile());
    MockHttpServletRequest request = new MockHttpServletRequest(context, "POST", "/localize");
    request.setContentType(contentType);
    String opening =
        "--%s\r\nContent-Disposition: form-data; name=\"topk\"\r\n\r\n3\r\n--%s\r\n"
                .formatted(boundary, boundary)
            + "Content-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n\r\n";
    byte[] head = opening.getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] body = new byte[head.length + fileBytes + tail.length];
    System.arraycopy(head, 0, body, 0, head.length);
    System.arraycopy(tail, 0, body, head.length + fileBytes, tail.length);
    request.setContent(body);
    return request;
  }
}
