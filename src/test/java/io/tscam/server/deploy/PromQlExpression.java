package io.tscam.server.deploy;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PromQL expression, read for the metric names it selects. Label matchers, range selectors,
 * string literals and grouping clauses are removed first; what remains that is an identifier and
 * not a function call or a keyword is a metric name.
 */
record PromQlExpression(String text) {

  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern LABEL_MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\\b(\\s*\\()?");
  private static final Set<String> KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan");

  Set<String> metricNames() {
    String stripped = STRINGS.matcher(text).replaceAll("\"\"");
    stripped = LABEL_MATCHERS.matcher(stripped).replaceAll(" ");
    stripped = RANGES.matcher(stripped).replaceAll(" ");
    stripped = GROUPING.matcher(stripped).replaceAll(" ");
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = IDENTIFIER.matcher(stripped);
    while (matcher.find()) {
      boolean functionCall = matcher.group(2) != null;
      String identifier = matcher.group(1);
      if (!functionCall && !KEYWORDS.contains(identifier.toLowerCase(Locale.ROOT))) {
        names.add(identifier);
      }
    }
    return names;
  }

  /** Parentheses, braces and brackets close in the order they open. */
  boolean isBalanced() {
    StringBuilder open = new StringBuilder();
    for (char c : STRINGS.matcher(text).replaceAll("\"\"").toCharArray()) {
      switch (c) {
        case '(', '{', '[' -> open.append(c);
        case ')', '}', ']' -> {
          if (open.isEmpty() || open.charAt(open.length() - 1) != opening(c)) {
            return false;
          }
          open.setLength(open.length() - 1);
        }
        default -> {}
      }
    }
    return open.isEmpty();
  }

  private static char opening(char closing) {
    return switch (closing) {
      case ')' -> '(';
      case '}' -> '{';
      default -> '[';
    };
  }
}
