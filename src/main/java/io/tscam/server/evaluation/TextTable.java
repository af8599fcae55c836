package io.tscam.server.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One of the dataset's whitespace-separated text files, read into rows that remember their line
 * numbers so every later complaint can point at the line. Blank lines are skipped.
 */
final class TextTable {

  private final Path file;
  private final List<Row> rows;

  private TextTable(Path file, List<Row> rows) {
    this.file = file;
    this.rows = rows;
  }

  /** Reads a file whose lines have exactly the fields of {@code layout} (e.g. "<id> <class>"). */
  static TextTable read(Path file, String layout) {
    return read(file, layout, Tail.NONE);
  }

  /**
   * Reads a file whose last field is free text running to the end of the line (an image path or a
   * class name, which may hold spaces).
   */
  static TextTable readWithTextTail(Path file, String layout) {
    return read(file, layout, Tail.TEXT);
  }

  /**
   * Reads a file whose lines have at least the fields of {@code layout}, the last ones repeated
   * (boxes after an image's path and class); the reader checks the repetition.
   */
  static TextTable readWithRepeatedTail(Path file, String layout) {
    return read(file, layout, Tail.REPEATED);
  }

  /** What may follow a line's last field. */
  private enum Tail {
    /** nothing: exactly the layout's fields */
    NONE,
    /** the rest of the line, spaces included, is the last field */
    TEXT,
    /** more fields */
    REPEATED
  }

  private static TextTable read(Path file, String layout, Tail tail) {
    // One field per "<...>" of the layout.
    int fields = (int) layout.chars().filter(c -> c == '<').count();
    List<Row> rows = new ArrayList<>();
    List<String> lines = lines(file, layout);
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      SourceLine source = new SourceLine(file, i + 1);
      String[] values = line.split("\\s+", tail == Tail.TEXT ? fields : -1);
      if (tail == Tail.REPEATED ? values.length < fields : values.length != fields) {
        throw new DatasetException(
            source,
            "expected \""
                + layout
                + "\" ("
                + fields
                + " fields), got \""
                + abbreviated(line)
                + "\"");
      }
      rows.add(new Row(source, values, layout));
    }
    return new TextTable(file, rows);
  }

  private static List<String> lines(Path file, String layout) {
    if (!Files.isRegularFile(file)) {
      throw new DatasetException(file, "file is missing (expected lines of \"" + layout + "\")");
    }
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DatasetException(file, "cannot be read: " + e.getMessage());
    }
  }

  Path file() {
    return file;
  }

  List<Row> rows() {
    return rows;
  }

  private static String abbreviated(String line) {
    return line.length() <= 60 ? line : line.substring(0, 57) + "...";
  }

  /** One non-blank line. */
  record Row(SourceLine source, String[] values, String layout) {

    String text(int field) {
      return values[field];
    }

    int integer(int field, String what) {
      try {
        return Integer.parseInt(values[field]);
      } catch (NumberFormatException e) {
        throw malformed(what + " \"" + values[field] + "\" is not an integer");
      }
    }

    double number(int field, String what) {
      try {
        double value = Double.parseDouble(values[field]);
        if (Double.isFinite(value)) {
          return value;
        }
      } catch (NumberFormatException e) {
        // reported below, with the layout the line should have had
      }
      throw malformed(what + " \"" + values[field] + "\" is not a number");
    }

    /** A field that cannot be read: the message shows the layout the line should have. */
    DatasetException malformed(String problem) {
      return new DatasetException(source, problem + " (expected \"" + layout + "\")");
    }

    /** A well-formed line whose content is wrong. */
    DatasetException invalid(String problem) {
      return new DatasetException(source, problem);
    }
  }
}
