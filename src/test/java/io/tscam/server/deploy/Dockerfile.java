package io.tscam.server.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Dockerfile read the way the builder reads it: comment lines dropped, backslash continuations
 * joined, instructions grouped into stages by FROM. Enough syntax for the checks the deployment
 * tests make, without a Docker engine.
 */
final class Dockerfile {

  /** One instruction: its keyword in upper case and the rest of the (joined) line. */
  record Instruction(String keyword, String arguments) {

    /** Exec-form arguments (a JSON array), e.g. ENTRYPOINT ["java", ...]. */
    List<String> execForm() {
      String[] items = new JsonMapper().readValue(arguments, String[].class);
      return List.of(items);
    }

    /** Shell-style words with quotes removed; flags such as --from=build are words too. */
    List<String> words() {
      return ShellWords.split(arguments);
    }
  }

  /** A build stage: its FROM image, its optional name and its instructions after FROM. */
  record Stage(String baseImage, String name, List<Instruction> instructions) {

    List<Instruction> all(String keyword) {
      return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    Optional<Instruction> last(String keyword) {
      List<Instruction> matching = all(keyword);
      return matching.isEmpty() ? Optional.empty() : Optional.of(matching.get(matching.size() - 1));
    }

    /** ENV variables set in this stage, in order (both `K=V ...` and the legacy `K V` form). */
    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      for (Instruction instruction : all("ENV")) {
        List<String> words = instruction.words();
        if (words.size() == 2 && !words.get(0).contains("=")) {
          env.put(words.get(0), words.get(1));
          continue;
        }
        for (String word : words) {
          int equals = word.indexOf('=');
          env.put(word.substring(0, equals), word.substring(equals + 1));
        }
      }
      return env;
    }

    /** COPY instructions that read the build context (not another stage or image). */
    List<Copy> contextCopies() {
      return all("COPY").stream().map(Copy::of).filter(c -> c.from().isEmpty()).toList();
    }

    List<Copy> copies() {
      return all("COPY").stream().map(Copy::of).toList();
    }
  }

  /** A COPY instruction: --from (empty for the build context), sources and destination. */
  record Copy(String from, List<String> sources, String destination) {

    static Copy of(Instruction instruction) {
      String from = "";
      List<String> paths = new ArrayList<>();
      for (String word : instruction.words()) {
        if (word.startsWith("--from=")) {
          from = word.substring("--from=".length());
        } else if (!word.startsWith("--")) {
          paths.add(word);
        }
      }
      return new Copy(
          from, List.copyOf(paths.subList(0, paths.size() - 1)), paths.get(paths.size() - 1));
    }
  }

  private final List<Stage> stages;

  private Dockerfile(List<Stage> stages) {
    this.stages = stages;
  }

  static Dockerfile read(Path path) throws IOException {
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    for (Instruction instruction : instructions(Files.readAllLines(path))) {
      if (instruction.keyword().equals("FROM")) {
        List<String> words = instruction.words();
        current = new ArrayList<>();
        String name = words.size() >= 3 ? words.get(2) : "";
        stages.add(new Stage(words.get(0), name, current));
      } else if (current != null) {
        current.add(instruction);
      }
    }
    return new Dockerfile(List.copyOf(stages));
  }

  List<Stage> stages() {
    return stages;
  }

  /** The stage `docker build` produces without --target: the last one. */
  Stage runtimeStage() {
    return stages.get(stages.size() - 1);
  }

  Optional<Stage> stage(String name) {
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  private static List<Instruction> instructions(List<String> lines) {
    List<Instruction> instructions = new ArrayList<>();
    StringBuilder pending = new StringBuilder();
    for (String line : lines) {
      String trimmed = line.strip();
      // Comment lines are removed before continuation lines are joined, as Docker does.
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      pending.append(trimmed);
      instructions.add(parse(pending.toString()));
      pending.setLength(0);
    }
    return instructions;
  }

  private static Instruction parse(String line) {
    int space = line.indexOf(' ');
    return new Instruction(
        line.substring(0, space).toUpperCase(Locale.ROOT), line.substring(space + 1).strip());
  }
}
