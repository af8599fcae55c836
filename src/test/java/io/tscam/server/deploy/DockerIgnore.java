package io.tscam.server.deploy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;

/**
 * .dockerignore rules as the builder applies them: in order, the last matching rule wins, and a
 * rule that matches a folder matches everything under it.
 */
final class DockerIgnore {

  private record Rule(PathMatcher matcher, boolean excludes) {}

  private final List<Rule> rules;

  private DockerIgnore(List<Rule> rules) {
    this.rules = rules;
  }

  static DockerIgnore read(Path file) throws IOException {
    List<Rule> rules =
        Files.readAllLines(file).stream()
            .map(String::strip)
            .filter(line -> !line.isEmpty() && !line.startsWith("#"))
            .map(DockerIgnore::rule)
            .toList();
    return new DockerIgnore(rules);
  }

  /** Whether a path relative to the context root (e.g. "models/demo") reaches the build. */
  boolean sendsToBuild(String relativePath) {
    boolean excluded = false;
    for (Rule rule : rules) {
      if (matchesItselfOrParent(rule.matcher(), Path.of(relativePath))) {
        excluded = rule.excludes();
      }
    }
    return !excluded;
  }

  private static boolean matchesItselfOrParent(PathMatcher matcher, Path path) {
    for (Path p = path; p != null; p = p.getParent()) {
      if (matcher.matches(p)) {
        return true;
      }
    }
    return false;
  }

  private static Rule rule(String line) {
    boolean exception = line.startsWith("!");
    String pattern = exception ? line.substring(1) : line;
    pattern = pattern.replaceAll("^/+", "").replaceAll("/+$", "");
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    return new Rule(matcher, !exception);
  }
}
