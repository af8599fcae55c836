package io.tscam.server.labelling;

import io.tscam.server.console.CommandArguments;
import io.tscam.server.console.UsageException;
import io.tscam.server.localization.BoxMode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The options of {@code label}.
 *
 * @param images a folder tree of images, or a text file of paths, one a line
 * @param out the folder the part, the journal and the merged COCO files go to
 * @param model the model package folder; null for the configured one (tscam.model.dir)
 * @param classes "predicted", "folders", or a CSV file of path,class_index
 * @param topK with predicted classes, how many per image
 * @param threshold the cam threshold; null for the package's camThreshold
 * @param boxes the official box per class, or one box per object
 * @param minBoxArea with boxes all, the smallest object kept, as a fraction of the largest one's
 * @param minScore annotations of a class scored below it are left out
 * @param masks also write each object's pixels as a COCO RLE segmentation
 * @param shard the share of the input this run labels
 * @param force label the shard again even when its part is finished, ignoring any journal
 * @param help only print the usage
 */
record LabelOptions(
    Path images,
    Path out,
    Path model,
    String classes,
    int topK,
    Double threshold,
    BoxMode boxes,
    double minBoxArea,
    double minScore,
    boolean masks,
    Shard shard,
    boolean force,
    boolean help) {

  static final String PREDICTED = "predicted";
  static final String FOLDERS = "folders";

  static final String USAGE =
      "usage: label --images DIR_OR_LIST --out DIR [--model DIR] [--classes predicted|folders|FILE]"
          + " [--topk K] [--threshold T] [--boxes largest|all] [--min-box-area A] [--min-score S]"
          + " [--masks] [--shard INDEX/COUNT | --shard-count COUNT] [--force]";

  static final String HELP =
      USAGE
          + "\n\n"
          + """
            Pseudo-labels a dataset with the model: every image through the same pipeline as
            /localize, boxes (and with --masks, masks) written as COCO (docs/labelling.md).

              --images D|F     a folder tree (JPEG, PNG, GIF, BMP told by content) or a text file
                               of paths, one a line; images are taken in sorted path order
              --out DIR        where part-INDEX-of-COUNT.json goes, and for a whole run
                               labels.json (COCO) and detections.json (COCO results)
              --model DIR      model package (default: tscam.model.dir / TSCAM_MODEL_DIR)
              --classes C      predicted (default): the top-k predicted classes; folders: the
                               class of the image's first-level folder (sorted folder names are
                               the class indices); FILE: a CSV of path,class_index
              --topk K         with predicted classes, how many per image (default 1)
              --threshold T    cam threshold in (0, 1) (default: the package's camThreshold)
              --boxes B        largest (default): the official box per class; all: one box per
                               object
              --min-box-area A with --boxes all, drop objects under A times the largest one's
                               area, 0 < A <= 1 (default 0.1)
              --min-score S    leave out annotations of classes scored below S (default 0)
              --masks          add each object's thresholded map as a COCO RLE segmentation
              --shard I/C      label only the images at positions congruent to I mod C
              --shard-count C  the same, with I from JOB_COMPLETION_INDEX (a Kubernetes Indexed
                               Job sets it in every pod)
              --force          label the shard again although its part is finished

            A shard killed on the way resumes from its journal when run again; a finished shard
            run again does nothing. `label merge --out DIR` joins the parts of a sharded run.
            """;

  private static final Set<String> FLAGS = Set.of("--masks", "--force", "--help", "-h");

  /** Parses the arguments after "label"; the shard defaults from the environment. */
  static LabelOptions parse(String[] args, Map<String, String> environment) {
    Builder builder = new Builder();
    for (CommandArguments.Option option : CommandArguments.parse(args, FLAGS)) {
      builder.set(option.name(), option.value());
    }
    return builder.build(environment);
  }

  /** Collects options one at a time, then checks what only the whole line can tell. */
  private static final class Builder {
    Path images;
    Path out;
    Path model;
    String classes = PREDICTED;
    Integer topK;
    Double threshold;
    BoxMode boxes = BoxMode.LARGEST;
    Double minBoxArea;
    double minScore;
    boolean masks;
    String shard;
    Integer shardCount;
    boolean force;
    boolean help;

    void set(String name, String value) {
      switch (name) {
        case "--images" -> images = Path.of(value);
        case "--out" -> out = Path.of(value);
        case "--model" -> model = Path.of(value);
        case "--classes" -> classes = value;
        case "--topk" -> topK = positive(name, value);
        case "--threshold" -> threshold = fraction(name, value, false);
        case "--boxes" -> boxes = boxes(value);
        case "--min-box-area" -> minBoxArea = fraction(name, value, true);
        case "--min-score" -> minScore = score(value);
        case "--masks" -> masks = true;
        case "--shard" -> shard = value;
        case "--shard-count" -> shardCount = positive(name, value);
        case "--force" -> force = true;
        case "--help", "-h" -> help = true;
        default -> throw new UsageException("unknown option " + name);
      }
    }

    LabelOptions build(Map<String, String> environment) {
      if (help) {
        return new LabelOptions(
            null, null, null, null, 1, null, boxes, 0.1, 0, false, Shard.WHOLE, false, true);
      }
      if (images == null || out == null) {
        throw new UsageException((images == null ? "--images" : "--out") + " is required");
      }
      if (topK != null && !PREDICTED.equals(classes)) {
        throw new UsageException("--topk goes with --classes predicted only");
      }
      if (minBoxArea != null && boxes != BoxMode.ALL) {
        throw new UsageException("--min-box-area goes with --boxes all only");
      }
      return new LabelOptions(
          images,
          out,
          model,
          classes,
          topK == null ? 1 : topK,
          threshold,
          boxes,
          minBoxArea == null ? 0.1 : minBoxArea,
          minScore,
          masks,
          Shard.resolve(shard, shardCount, environment),
          force,
          false);
    }

    private static int positive(String name, String value) {
      try {
        int number = Integer.parseInt(value);
        if (number > 0) {
          return number;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException(name + " must be a positive integer, got '" + value + "'");
    }

    /** A number in (0, 1), or in (0, 1] when one is allowed. */
    private static double fraction(String name, String value, boolean oneAllowed) {
      try {
        double number = Double.parseDouble(value);
        if (number > 0 && (number < 1 || (oneAllowed && number == 1))) {
          return number;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException(
          name
              + " must be a number greater than 0 and "
              + (oneAllowed ? "at most 1" : "less than 1")
              + ", got '"
              + value
              + "'");
    }

    private static double score(String value) {
      try {
        double number = Double.parseDouble(value);
        if (number >= 0 && number <= 1) {
          return number;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException("--min-score must be a number in [0, 1], got '" + value + "'");
    }

    private static BoxMode boxes(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "largest" -> BoxMode.LARGEST;
        case "all" -> BoxMode.ALL;
        default -> throw new UsageException("--boxes must be largest or all, got '" + value + "'");
      };
    }
  }
}
