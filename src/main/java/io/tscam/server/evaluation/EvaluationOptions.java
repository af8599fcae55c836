package io.tscam.server.evaluation;

import io.tscam.server.console.UsageException;
import java.nio.file.Path;

/**
 * The options of {@code evaluate}.
 *
 * @param dataset the CUB-layout dataset folder; null with an ILSVRC list
 * @param ilsvrcList the ILSVRC val list (official TS-CAM format); null with a CUB-layout dataset
 * @param images the image folder of the ILSVRC list
 * @param model the model package folder; null for the configured one (tscam.model.dir)
 * @param split the split; null for the dataset's default
 * @param threshold the cam threshold; null for the package's camThreshold
 * @param out the folder the report files go to
 * @param limit evaluate only the first images of the split; null for all
 * @param evidence also measure the evidence of each image's official box (two more forward passes
 *     per image)
 * @param help only print the usage
 */
record EvaluationOptions(
    Path dataset,
    Path ilsvrcList,
    Path images,
    Path model,
    Split split,
    Double threshold,
    Path out,
    Integer limit,
    boolean evidence,
    boolean help) {

  static final String USAGE =
      "usage: evaluate (--dataset DIR [--split test|train|all] | --ilsvrc-list FILE --images DIR)"
          + " [--model DIR] [--threshold T] [--out DIR] [--limit N] [--evidence]";

  static final String HELP =
      USAGE
          + "\n\n"
          + """
            WSOL metrics of a TS-CAM model package over a CUB-200-2011-layout dataset or an ILSVRC
            val list, every image through the same pipeline as /localize. Writes report.json,
            box_accuracy.csv and box_accuracy.png (see docs/evaluation.md).

              --dataset DIR    folder with images.txt, image_class_labels.txt, bounding_boxes.txt
                               (and optionally train_test_split.txt, classes.txt) and images/
              --ilsvrc-list F  instead of --dataset: a list in the official TS-CAM format
                               (val_folder_new.txt: path, class from 0, boxes x1 y1 x2 y2 ...)
              --images DIR     the folder the list's paths are relative to
              --model DIR      model package (default: tscam.model.dir / TSCAM_MODEL_DIR)
              --split S        test, train or all (default: test if train_test_split.txt exists)
              --threshold T    cam threshold in (0, 1) (default: the package's camThreshold)
              --out DIR        report folder (default: evaluation)
              --limit N        only the first N images of the split
              --evidence       also measure keep/remove of each official box (two more
                               forward passes per image, so about three times the time)
            """;

  static final Path DEFAULT_OUT = Path.of("evaluation");

  /** Parses "--name value" and "--name=value" options, and the flags --evidence and --help. */
  static EvaluationOptions parse(String... args) {
    Builder options = new Builder();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        options.help = true;
        continue;
      }
      if (arg.equals("--evidence")) {
        options.evidence = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      int equals = arg.indexOf('=');
      String name = equals < 0 ? arg : arg.substring(0, equals);
      String value;
      if (equals >= 0) {
        value = arg.substring(equals + 1);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new UsageException("option " + name + " needs a value");
      }
      options.set(name, value);
    }
    return options.build();
  }

  /** Collects options one at a time, then checks what only the whole line can tell. */
  private static final class Builder {
    Path dataset;
    Path ilsvrcList;
    Path images;
    Path model;
    Split split;
    Double threshold;
    Path out = DEFAULT_OUT;
    Integer limit;
    boolean evidence;
    boolean help;

    void set(String name, String value) {
      switch (name) {
        case "--dataset" -> dataset = Path.of(value);
        case "--ilsvrc-list" -> ilsvrcList = Path.of(value);
        case "--images" -> images = Path.of(value);
        case "--model" -> model = Path.of(value);
        case "--out" -> out = Path.of(value);
        case "--split" -> split = split(value);
        case "--threshold" -> threshold = threshold(value);
        case "--limit" -> limit = limit(value);
        default -> throw new UsageException("unknown option " + name);
      }
    }

    EvaluationOptions build() {
      if (!help) {
        requireOneDataset();
      }
      return new EvaluationOptions(
          dataset, ilsvrcList, images, model, split, threshold, out, limit, evidence, help);
    }

    private void requireOneDataset() {
      if (dataset != null && ilsvrcList != null) {
        throw new UsageException("give --dataset or --ilsvrc-list, not both");
      }
      if (dataset == null && ilsvrcList == null) {
        throw new UsageException("--dataset is required (or --ilsvrc-list with --images)");
      }
      if (ilsvrcList != null && images == null) {
        throw new UsageException("--ilsvrc-list needs --images, the folder of its images");
      }
      if (ilsvrcList == null && images != null) {
        throw new UsageException("--images goes with --ilsvrc-list");
      }
      if (ilsvrcList != null && split != null) {
        throw new UsageException("--split is for --dataset; an ILSVRC list is evaluated whole");
      }
    }

    private static Split split(String value) {
      Split split = Split.parse(value);
      if (split == null) {
        throw new UsageException("--split must be test, train or all, got '" + value + "'");
      }
      return split;
    }

    private static double threshold(String value) {
      try {
        double threshold = Double.parseDouble(value);
        if (threshold > 0 && threshold < 1) {
          return threshold;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException(
          "--threshold must be a number strictly between 0 and 1, got '" + value + "'");
    }

    private static int limit(String value) {
      try {
        int limit = Integer.parseInt(value);
        if (limit > 0) {
          return limit;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new UsageException("--limit must be a positive integer, got '" + value + "'");
    }
  }
}
