package io.tscam.server.web.upload;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.multipart.MultipartFile;

/** The parts of one upload as they are read: files by name, and form fields as parameters. */
final class ReceivedParts {

  private final Charset fieldCharset;
  private final MultiValueMap<String, MultipartFile> files = new LinkedMultiValueMap<>();
  private final Map<String, List<String>> fields = new LinkedHashMap<>();
  private final Map<String, String> fieldContentTypes = new LinkedHashMap<>();

  ReceivedParts(Charset fieldCharset) {
    this.fieldCharset = fieldCharset;
  }

  void add(PartHeaders headers, ReceivedPart part) throws IOException {
    if (headers.isFile()) {
      files.add(headers.name(), part);
      return;
    }
    fields
        .computeIfAbsent(headers.name(), name -> new ArrayList<>())
        .add(new String(part.getBytes(), charsetOf(headers)));
    if (headers.contentType() != null) {
      fieldContentTypes.put(headers.name(), headers.contentType());
    }
  }

  MultiValueMap<String, MultipartFile> files() {
    return files;
  }

  Map<String, String[]> parameters() {
    Map<String, String[]> parameters = new LinkedHashMap<>();
    fields.forEach((name, values) -> parameters.put(name, values.toArray(String[]::new)));
    return parameters;
  }

  Map<String, String> parameterContentTypes() {
    return fieldContentTypes;
  }

  /** A field's own charset parameter wins over the request's (RFC 7578 section 4.4). */
  private Charset charsetOf(PartHeaders headers) {
    if (headers.contentType() == null) {
      return fieldCharset;
    }
    try {
      Charset declared = MediaType.parseMediaType(headers.contentType()).getCharset();
      return declared != null ? declared : fieldCharset;
    } catch (IllegalArgumentException unknown) {
      return fieldCharset;
    }
  }
}
