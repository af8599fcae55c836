package io.tscam.server.web.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.tomcat.util.http.fileupload.FileItemIterator;
import org.apache.tomcat.util.http.fileupload.FileItemStream;
import org.apache.tomcat.util.http.fileupload.FileUpload;
import org.apache.tomcat.util.http.fileupload.UploadContext;
import org.apache.tomcat.util.http.fileupload.disk.DiskFileItemFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;

/**
 * The parser against Tomcat's own (the one it replaces) on the same bodies, delivered in reads of
 * every size; and the limits and malformed bodies one by one.
 */
class MultipartBodyReaderTest {

  private static final String BOUNDARY = "----tscam-test-boundary-4f1c";
  private static final MultipartLimits NO_LIMITS = new MultipartLimits(-1, -1, 1 << 20, -1, -1, -1);

  @TempDir Path uploads;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 41, 4096, 1 << 20})
  void readsWhatTomcatReadsWhateverTheReadSizes(int readSize) throws Exception {
    Random random = new Random(readSize);
    for (int body = 0; body < 20; body++) {
      byte[] bytes = randomBody(random);
      assertThat(parts(read(bytes, readSize, NO_LIMITS))).isEqualTo(tomcatParts(bytes));
    }
  }

  @Test
  void bytesThatAlmostFormTheDelimiterStayInThePart() throws Exception {
    String almost = "\r\n--" + BOUNDARY.substring(0, BOUNDARY.length() - 1);
    byte[] content =
        (almost + "x" + almost + "\r\n-" + "\n--" + BOUNDARY + "\r--" + BOUNDARY).getBytes();
    byte[] bytes = new Body().file("image", "a.bin", content).closed();

    ReceivedParts parts = read(bytes, 5, NO_LIMITS);

    assertThat(parts.files().getFirst("image").getBytes()).isEqualTo(content);
    assertThat(parts(parts)).isEqualTo(tomcatParts(bytes));
  }

  @Test
  void skipsThePreambleAndLeavesTheEpilogue() throws Exception {
    byte[] bytes =
        concat(
            "a preamble\r\n".getBytes(),
            new Body().field("topk", "3").closed(),
            "\r\nan epilogue --".getBytes());

    ReceivedParts parts = read(bytes, 3, NO_LIMITS);

    assertThat(parts.parameters().get("topk")).containsExactly("3");
    assertThat(parts(parts)).isEqualTo(tomcatParts(bytes));
  }

  @Test
  void aBodyWithoutAnyBoundaryHasNoParts() throws Exception {
    assertThat(parts(read(new byte[0], 1, NO_LIMITS))).isEmpty();
    assertThat(parts(read("no parts here".getBytes(), 4, NO_LIMITS))).isEmpty();
  }

  @Test
  void readsFieldsAndFileNamesAsBrowsersSendThem() throws Exception {
    byte[] bytes =
        new Body()
            .part(
                "Content-Disposition: form-data; name=\"note\"",
                "Grüße".getBytes(StandardCharsets.UTF_8))
            .part(
                "Content-Disposition: form-data; name=\"image\"; filename=\"Grüße.jpg\"\r\n"
                    + "Content-Type: image/jpeg",
                new byte[] {1, 2})
            .part("Content-Disposition: form-data; name=\"blank\"; filename=\"\"", new byte[0])
            .part("Content-Type: text/plain", "no name: dropped".getBytes())
            .closed();

    ReceivedParts parts = read(bytes, 64, NO_LIMITS);

    assertThat(parts.parameters()).containsOnlyKeys("note");
    assertThat(parts.parameters().get("note")).containsExactly("Grüße");
    MultipartFile image = parts.files().getFirst("image");
    assertThat(image.getOriginalFilename()).isEqualTo("Grüße.jpg");
    assertThat(image.getContentType()).isEqualTo("image/jpeg");
    assertThat(parts.files().getFirst("blank").getOriginalFilename()).isEmpty();
    assertThat(parts.files().getFirst("blank").isEmpty()).isTrue();
  }

  @Test
  void keepsSmallFilesInMemoryAndWritesLargeOnesToTheUploadFolder() throws Exception {
    MultipartLimits limits = new MultipartLimits(-1, -1, 1000, -1, -1, -1);
    byte[] small = new byte[1000];
    byte[] large = new byte[1001];
    new Random(1).nextBytes(large);
    byte[] bytes = new Body().file("a", "a", small).file("b", "b", large).closed();

    ReceivedParts parts = read(bytes, 100, limits);

    try (var files = Files.list(uploads)) {
      assertThat(files).hasSize(1);
    }
    assertThat(parts.files().getFirst("a").getBytes()).isEqualTo(small);
    assertThat(parts.files().getFirst("b").getBytes()).isEqualTo(large);
    ((ReceivedPart) parts.files().getFirst("b")).delete();
    try (var files = Files.list(uploads)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void aPartOverItsLimitIsRefusedAndLeavesNoFile() {
    MultipartLimits limits = new MultipartLimits(5000, -1, 1000, -1, -1, -1);
    byte[] bytes = new Body().file("image", "a", new byte[5001]).closed();

    assertThatThrownBy(() -> read(bytes, 512, limits))
        .isInstanceOf(MaxUploadSizeExceededException.class);
    assertThat(uploads.toFile().list()).isEmpty();
  }

  @Test
  void aBodyOverItsLimitIsRefusedWhileItArrives() {
    MultipartLimits limits = new MultipartLimits(-1, 10_000, 1 << 20, -1, -1, -1);
    byte[] bytes = new Body().file("image", "a", new byte[20_000]).closed();
    CountingStream body = new CountingStream(bytes, 1000);

    assertThatThrownBy(
            () -> reader(body, limits).readInto(new ReceivedParts(StandardCharsets.UTF_8)))
        .isInstanceOf(MaxUploadSizeExceededException.class);
    assertThat(body.delivered).isLessThanOrEqualTo(11_000);
  }

  @Test
  void tooManyPartsLongHeadersAndLongFieldsAreRefusedAsTooLarge() {
    Body three = new Body().field("a", "1").field("b", "2").field("c", "3");
    assertThatThrownBy(() -> read(three.closed(), 64, new MultipartLimits(-1, -1, 0, 2, -1, -1)))
        .isInstanceOf(MaxUploadSizeExceededException.class);

    byte[] longHeader =
        new Body()
            .part("Content-Disposition: form-data; name=\"" + "n".repeat(3000) + "\"", new byte[1])
            .closed();
    assertThatThrownBy(() -> read(longHeader, 64, new MultipartLimits(-1, -1, 0, -1, 2048, -1)))
        .isInstanceOf(MaxUploadSizeExceededException.class);

    byte[] fields = new Body().field("a", "x".repeat(600)).field("b", "y".repeat(600)).closed();
    assertThatThrownBy(() -> read(fields, 64, new MultipartLimits(-1, -1, 0, -1, -1, 1000)))
        .isInstanceOf(MaxUploadSizeExceededException.class);
  }

  @Test
  void malformedBodiesAreMultipartErrorsNotLimits() {
    byte[] unterminated = new Body().file("image", "a", new byte[100]).open();
    byte[] cutInHeaders = ("--" + BOUNDARY + "\r\nContent-Disposition: form").getBytes();
    byte[] garbageAfterBoundary = ("--" + BOUNDARY + "xyz\r\n").getBytes();
    byte[] badDisposition =
        new Body().part("Content-Disposition: form-data; name", new byte[1]).closed();
    byte[] headerWithoutColon = new Body().part("no colon here", new byte[1]).closed();

    for (byte[] bytes :
        List.of(
            unterminated, cutInHeaders, garbageAfterBoundary, badDisposition, headerWithoutColon)) {
      assertThatThrownBy(() -> read(bytes, 16, NO_LIMITS))
          .isInstanceOf(MultipartException.class)
          .isNotInstanceOf(MaxUploadSizeExceededException.class);
    }
  }

  private ReceivedParts read(byte[] bytes, int readSize, MultipartLimits limits)
      throws IOException {
    ReceivedParts parts = new ReceivedParts(StandardCharsets.UTF_8);
    reader(new CountingStream(bytes, readSize), limits).readInto(parts);
    return parts;
  }

  private MultipartBodyReader reader(InputStream body, MultipartLimits limits) {
    return new MultipartBodyReader(body, BOUNDARY, limits, uploads);
  }

  /** Name, file name and content of every part, fields as "name=value", in a comparable form. */
  private static Map<String, List<String>> parts(ReceivedParts parts) throws Exception {
    Map<String, List<String>> seen = new LinkedHashMap<>();
    for (var named : parts.files().entrySet()) {
      for (MultipartFile file : named.getValue()) {
        seen.computeIfAbsent(named.getKey(), k -> new ArrayList<>())
            .add(file.getOriginalFilename() + ":" + hex(file.getBytes()));
      }
    }
    for (var field : parts.parameters().entrySet()) {
      for (String value : field.getValue()) {
        seen.computeIfAbsent(field.getKey(), k -> new ArrayList<>()).add("=" + value);
      }
    }
    return seen;
  }

  private static Map<String, List<String>> tomcatParts(byte[] bytes) throws Exception {
    FileUpload upload = new FileUpload();
    upload.setFileItemFactory(new DiskFileItemFactory());
    FileItemIterator items = upload.getItemIterator(new Context(bytes));
    Map<String, List<String>> files = new LinkedHashMap<>();
    Map<String, List<String>> fields = new LinkedHashMap<>();
    while (items.hasNext()) {
      FileItemStream item = items.next();
      byte[] content;
      try (InputStream in = item.openStream()) {
        content = in.readAllBytes();
      }
      if (item.isFormField()) {
        fields
            .computeIfAbsent(item.getFieldName(), k -> new ArrayList<>())
            .add("=" + new String(content, StandardCharsets.UTF_8));
      } else {
        files
            .computeIfAbsent(item.getFieldName(), k -> new ArrayList<>())
            .add(item.getName() + ":" + hex(content));
      }
    }
    Map<String, List<String>> seen = new LinkedHashMap<>(files);
    fields.forEach(
        (name, values) -> seen.computeIfAbsent(name, k -> new ArrayList<>()).addAll(values));
    return seen;
  }

  /** Files and fields of random sizes, contents with stray CRs, LFs, dashes and boundary bits. */
  private static byte[] randomBody(Random random) {
    Body body = new Body();
    int count = 1 + random.nextInt(4);
    for (int i = 0; i < count; i++) {
      if (random.nextBoolean()) {
        body.field("field" + random.nextInt(3), "value " + random.nextInt(1000));
      } else {
        body.file("file" + random.nextInt(3), "photo" + i + ".jpg", randomContent(random));
      }
    }
    return body.closed();
  }

  private static byte[] randomContent(Random random) {
    byte[] pieces = ("\r\n--" + BOUNDARY).getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int length = random.nextInt(200_000);
    while (out.size() < length) {
      if (random.nextInt(50) == 0) {
        out.write(pieces, 0, random.nextInt(pieces.length - 1)); // never the whole delimiter
      } else {
        out.write(random.nextInt(256));
      }
    }
    return out.toByteArray();
  }

  /** The length and SHA-256 of the bytes: a part's content, short enough for a failure message. */
  private static String hex(byte[] bytes) throws NoSuchAlgorithmException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
    return bytes.length + "/" + HexFormat.of().formatHex(digest);
  }

  private static byte[] concat(byte[]... arrays) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] array : arrays) {
      out.writeBytes(array);
    }
    return out.toByteArray();
  }

  /** A multipart body in this test's boundary. */
  private static final class Body {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Body file(String name, String filename, byte[] content) {
      return part(
          "Content-Disposition: form-data; name=\"%s\"; filename=\"%s\"".formatted(name, filename),
          content);
    }

    Body field(String name, String value) {
      return part(
          "Content-Disposition: form-data; name=\"%s\"".formatted(name),
          value.getBytes(StandardCharsets.UTF_8));
    }

    Body part(String headers, byte[] content) {
      bytes.writeBytes(
          ("--" + BOUNDARY + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      bytes.writeBytes(content);
      bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      return this;
    }

    byte[] open() {
      return bytes.toByteArray();
    }

    byte[] closed() {
      return concat(open(), ("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    }
  }

  /** Gives at most {@code readSize} bytes a read, and counts what it gave. */
  private static final class CountingStream extends InputStream {
    private final ByteArrayInputStream bytes;
    private final int readSize;
    long delivered;

    CountingStream(byte[] bytes, int readSize) {
      this.bytes = new ByteArrayInputStream(bytes);
      this.readSize = readSize;
    }

    @Override
    public int read() {
      return bytes.read();
    }

    @Override
    public int read(byte[] target, int offset, int length) {
      int count = bytes.read(target, offset, Math.min(length, readSize));
      delivered += Math.max(count, 0);
      return count;
    }
  }

  private record Context(byte[] bytes) implements UploadContext {
    @Override
    public long contentLength() {
      return bytes.length;
    }

    @Override
    public String getCharacterEncoding() {
      return "UTF-8";
    }

    @Override
    public String getContentType() {
      return "multipart/form-data; boundary=" + BOUNDARY;
    }

    @Override
    public InputStream getInputStream() {
      return new ByteArrayInputStream(bytes);
    }
  }
}
