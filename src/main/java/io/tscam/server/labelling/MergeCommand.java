package io.tscam.server.labelling;

import io.tscam.server.console.CommandArguments;
import io.tscam.server.console.UsageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * {@code label merge --out DIR}: joins the parts of a sharded {@code label} run into
 * DIR/labels.json (COCO) and DIR/detections.json (COCO results). Exit status 0 done, 1 a part is
 * missing or of another run, 2 bad command line.
 */
public final class MergeCommand {

  public static final String NAME = "merge";

  static final String USAGE = "usage: label merge --out DIR";

  static final String HELP =
      USAGE
          + "\n\n"
          + """
            Joins DIR/part-INDEX-of-COUNT.json, the parts of a sharded `label` run, into
            DIR/labels.json (COCO, ids renumbered in input order) and DIR/detections.json (the
            annotations as COCO results). Every part of the count must be there, all made with the
            same model, options and input list.
            """;

  private final PrintStream out;
  private final PrintStream err;

  public MergeCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Runs the command.
   *
   * @param args the arguments after "label merge"
   * @return the exit status
   */
  public int run(String... args) {
    try {
      Path folder = null;
      for (CommandArguments.Option option : CommandArguments.parse(args, Set.of("--help", "-h"))) {
        switch (option.name()) {
          case "--help", "-h" -> {
            out.print(HELP);
            return LabelCommand.EXIT_OK;
          }
          case "--out" -> folder = Path.of(option.value());
          default -> throw new UsageException("unknown option " + option.name());
        }
      }
      if (folder == null) {
        throw new UsageException("--out is required");
      }
      merge(folder, out);
      return LabelCommand.EXIT_OK;
    } catch (UsageException e) {
      return fail(LabelCommand.EXIT_USAGE, e.getMessage() + " (" + USAGE + ")");
    } catch (RuntimeException e) {
      return fail(LabelCommand.EXIT_FAILED, e.getMessage());
    }
  }

  static void merge(Path folder, PrintStream out) {
    Tally tally = PartMerger.of(folder).merge();
    out.printf(
        Locale.ROOT,
        "wrote %s: %d images, %d annotations, %d skipped; and %s%n",
        folder.resolve(PartMerger.LABELS),
        tally.images(),
        tally.annotations(),
        tally.skipped(),
        folder.resolve(PartMerger.DETECTIONS));
  }

  private int fail(int status, String message) {
    err.println(LabelCommand.NAME + " " + NAME + ": " + String.valueOf(message).replace('\n', ' '));
    err.flush();
    return status;
  }
}
