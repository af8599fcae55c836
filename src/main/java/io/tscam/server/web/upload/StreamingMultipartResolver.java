package io.tscam.server.web.upload;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.File;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.MultipartResolver;
import org.springframework.web.multipart.support.DefaultMultipartHttpServletRequest;

/**
 * Spring's multipart resolver for this service, in place of Tomcat's parser: the same limits,
 * in-memory threshold and upload folder, and the same {@link MultipartFile} view for the
 * controllers, with a boundary search that skips through image data instead of matching every byte
 * ({@link DelimiterSearch}). The body is read from the servlet's stream, so the body deadline and
 * Tomcat's connection limits apply to it as before.
 *
 * @see MultipartBodyReader
 */
public final class StreamingMultipartResolver implements MultipartResolver {

  private static final Logger log = LoggerFactory.getLogger(StreamingMultipartResolver.class);

  private final MultipartLimits limits;
  private final String location;

  /**
   * @param location the folder for parts over the threshold (spring.servlet.multipart.location):
   *     relative to the servlet context's temporary folder, which is also the default, as in Tomcat
   */
  public StreamingMultipartResolver(MultipartLimits limits, String location) {
    this.limits = limits;
    this.location = location;
  }

  /**
   * An error page never needs the parts, and after a failed read the body must not be read again:
   * Tomcat answers each failed read with a new 400, over the error page's own answer (a 408 for a
   * body past its deadline).
   */
  @Override
  public boolean isMultipart(HttpServletRequest request) {
    return request.getDispatcherType() != DispatcherType.ERROR
        && StringUtils.startsWithIgnoreCase(request.getContentType(), "multipart/");
  }

  @Override
  public MultipartHttpServletRequest resolveMultipart(HttpServletRequest request) {
    String boundary = boundaryOf(request.getContentType());
    if (MultipartLimits.exceeds(request.getContentLengthLong(), limits.maxRequestBytes())) {
      throw new MaxUploadSizeExceededException(limits.maxRequestBytes());
    }
    ReceivedParts parts = new ReceivedParts(fieldCharset(request));
    try {
      new MultipartBodyReader(request.getInputStream(), boundary, limits, uploadFolder(request))
          .readInto(parts);
    } catch (IOException | RuntimeException failed) {
      deleteFiles(parts.files());
      throw failed instanceof RuntimeException runtime
          ? runtime
          : new MultipartException("the multipart body could not be read", failed);
    }
    return new DefaultMultipartHttpServletRequest(
        request, parts.files(), parts.parameters(), parts.parameterContentTypes());
  }

  @Override
  public void cleanupMultipart(MultipartHttpServletRequest request) {
    deleteFiles(request.getMultiFileMap());
  }

  private static String boundaryOf(String contentType) {
    String boundary;
    try {
      boundary = MediaType.parseMediaType(contentType).getParameter("boundary");
    } catch (InvalidMediaTypeException malformed) {
      throw new MultipartException("the multipart Content-Type cannot be parsed", malformed);
    }
    if (boundary == null) {
      throw new MultipartException("the multipart Content-Type has no boundary");
    }
    boolean quoted = boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"");
    return quoted ? boundary.substring(1, boundary.length() - 1) : boundary;
  }

  /** Fields without a charset of their own are read in the request's, else in UTF-8. */
  private static Charset fieldCharset(HttpServletRequest request) {
    String encoding = request.getCharacterEncoding();
    try {
      return encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
    } catch (IllegalArgumentException unknown) {
      return StandardCharsets.UTF_8;
    }
  }

  private Path uploadFolder(HttpServletRequest request) {
    File temporary = (File) request.getServletContext().getAttribute(ServletContext.TEMPDIR);
    if (!StringUtils.hasText(location)) {
      return temporary.toPath();
    }
    Path configured = Path.of(location);
    return configured.isAbsolute() ? configured : temporary.toPath().resolve(configured);
  }

  private static void deleteFiles(MultiValueMap<String, MultipartFile> files) {
    files.values().stream()
        .flatMap(List::stream)
        .filter(ReceivedPart.class::isInstance)
        .map(ReceivedPart.class::cast)
        .forEach(StreamingMultipartResolver::deleteQuietly);
  }

  /** Cleanup runs after the answer: a file that cannot be removed is logged, not thrown. */
  private static void deleteQuietly(ReceivedPart part) {
    try {
      part.delete();
    } catch (IOException e) {
      log.warn("A temporary upload file could not be deleted: {}", e.toString());
    }
  }
}
