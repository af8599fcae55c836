package io.tscam.server.web.upload;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ContentDisposition;
import org.springframework.web.multipart.MultipartException;

/**
 * What a part's header block says: its form name, its file name when it is a file, and its content
 * type. As in Tomcat and Spring, a part with a file name (even an empty one) is a file, any other
 * named part a form field, and a part without a form-data name is read past and dropped.
 *
 * @param name the form field's name, or null when the part has none
 * @param filename the file name the client sent, or null for a plain field
 * @param contentType the part's Content-Type, or null
 */
record PartHeaders(String name, String filename, String contentType) {

  boolean named() {
    return name != null;
  }

  boolean isFile() {
    return filename != null;
  }

  /** Parses the header lines in {@code block[from, to)} (UTF-8, as browsers send file names). */
  static PartHeaders parse(byte[] block, int from, int to) {
    String disposition = null;
    String contentType = null;
    for (String line : unfolded(new String(block, from, to - from, StandardCharsets.UTF_8))) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new MultipartException("a part header line is not 'Name: value'");
      }
      String field = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (field.equals("content-disposition")) {
        disposition = value;
      } else if (field.equals("content-type")) {
        contentType = value;
      }
    }
    return fromDisposition(disposition, contentType);
  }

  private static PartHeaders fromDisposition(String disposition, String contentType) {
    if (disposition == null) {
      return new PartHeaders(null, null, contentType);
    }
    ContentDisposition parsed;
    try {
      parsed = ContentDisposition.parse(disposition);
    } catch (IllegalArgumentException malformed) {
      throw new MultipartException("a part's Content-Disposition cannot be parsed", malformed);
    }
    if (!parsed.isFormData()) {
      return new PartHeaders(null, null, contentType);
    }
    return new PartHeaders(parsed.getName(), parsed.getFilename(), contentType);
  }

  /** The header lines, with obsolete folding (a line that starts with white space) undone. */
  private static List<String> unfolded(String block) {
    List<String> lines = new ArrayList<>();
    for (String line : block.split("\r\n")) {
      if (line.isEmpty()) {
        continue;
      }
      boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
      if (continuation && !lines.isEmpty()) {
        lines.set(lines.size() - 1, lines.get(lines.size() - 1) + ' ' + line.trim());
      } else {
        lines.add(line);
      }
    }
    return lines;
  }
}
