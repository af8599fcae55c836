package io.tscam.server.labelling;

import io.tscam.server.config.CommandInterruption;
import io.tscam.server.console.HeadlessPipeline;
import io.tscam.server.console.Progress;
import io.tscam.server.console.ProgressMeter;
import io.tscam.server.console.UsageException;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelOrigin;
import io.tscam.server.localization.BoxMode;
import io.tscam.server.localization.Localizer;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code label}: pseudo-labels a dataset, or one shard of it, with the served model, every image
 * through the pipeline /localize uses, into COCO files (docs/labelling.md). Starts the application
 * without a web server and answers an exit status: 0 done (or nothing left to do), 1 the run
 * failed, 2 bad command line, each failure told in one line. Images that cannot be read are skipped
 * with their reason and do not fail the run.
 */
public final class LabelCommand {

  public static final String NAME = "label";

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  private final Class<?> application;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private final Map<String, String> environment;
  private final CommandInterruption interruption;

  /**
   * @param application the Spring Boot application class whose pipeline labels
   * @param terminal whether {@code out} is a terminal (a redrawn progress bar) or not (lines)
   * @param environment where JOB_COMPLETION_INDEX is read from
   * @param interruption what tells a run cut short by a signal (a pod deleted) from a failed one
   */
  public LabelCommand(
      Class<?> application,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      Map<String, String> environment,
      CommandInterruption interruption) {
    this.application = application;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.environment = Map.copyOf(environment);
    this.interruption = interruption;
  }

  /**
   * Runs the command.
   *
   * @param args the arguments after the command name
   * @return the exit status
   */
  public int run(String... args) {
    try {
      LabelOptions options = LabelOptions.parse(args, environment);
      if (options.help()) {
        out.print(LabelOptions.HELP);
        return EXIT_OK;
      }
      label(options);
      return EXIT_OK;
    } catch (UsageException e) {
      return fail(EXIT_USAGE, e.getMessage() + " (" + LabelOptions.USAGE + ")");
    } catch (RuntimeException e) {
      if (interruption.interrupted()) {
        return fail(
            interruption.exitStatus(),
            interruption.describe()
                + "; the journal keeps every finished image: the same command resumes");
      }
      return fail(EXIT_FAILED, HeadlessPipeline.describe(e, LabellingException.class::isInstance));
    }
  }

  private void label(LabelOptions options) {
    if (options.classes().equals(LabelOptions.FOLDERS) && !Files.isDirectory(options.images())) {
      throw new UsageException("--classes folders needs --images to be a folder");
    }
    InputList inputs = InputList.of(options.images(), options.shard());
    ClassSource classes = classSource(options, inputs);
    createFolder(options.out());
    try (ConfigurableApplicationContext context =
        HeadlessPipeline.start(application, options.model())) {
      interruption.closesOnSignal(context);
      ModelDescriptor model = context.getBean(ModelDescriptor.class);
      classes.requireFits(model.labels().size());
      double threshold = options.threshold() != null ? options.threshold() : model.camThreshold();
      ObjectNode info =
          info(model, context.getBean(ModelOrigin.class), options, classes, threshold, inputs);
      Shard shard = options.shard();
      Path part = options.out().resolve(shard.partFileName());
      Path journal = options.out().resolve(shard.journalFileName());
      if (options.force()) {
        delete(part);
        delete(journal);
      }
      if (finished(part, info)) {
        out.println("shard " + shard + " is finished: " + part + " (--force labels it again)");
      } else {
        ImageLabeller labeller =
            new ImageLabeller(
                context.getBean(Localizer.class),
                inputs.root(),
                classes,
                new LabelSettings(
                    threshold,
                    options.boxes(),
                    options.minBoxArea(),
                    options.minScore(),
                    options.masks()));
        labelShard(
            new LabelRun(
                labeller, HeadlessPipeline.imagesInFlight(context), interruption::interrupted),
            inputs,
            shard,
            journal,
            part,
            info,
            CocoJson.categories(model.labels()));
      }
    }
    if (options.shard().count() == 1
        && (options.force() || !Files.exists(options.out().resolve(PartMerger.LABELS)))) {
      MergeCommand.merge(options.out(), out);
    }
  }

  private void labelShard(
      LabelRun run,
      InputList inputs,
      Shard shard,
      Path journalFile,
      Path part,
      ObjectNode info,
      JsonNode categories) {
    out.printf(
        Locale.ROOT,
        "Labelling shard %s of %s: %d of %d images%n",
        shard,
        inputs.root(),
        inputs.shardPaths().size(),
        inputs.total());
    int remaining;
    ProgressMeter meter;
    try (Journal journal = Journal.open(journalFile, info, shard, inputs.shardPaths())) {
      remaining = inputs.shardPaths().size() - journal.resumedImages();
      if (journal.resumedImages() > 0) {
        out.printf(
            Locale.ROOT,
            "resuming after %d images already in %s%n",
            journal.resumedImages(),
            journalFile.getFileName());
      }
      meter = new ProgressMeter(remaining, System::nanoTime);
      run.run(journal, shard, inputs.shardPaths(), Progress.on(out, terminal, meter, "labelled"));
    }
    Tally tally = PartWriter.write(journalFile, part, info, categories);
    delete(journalFile);
    out.printf(
        Locale.ROOT,
        "labelled %d images in %.1f s (%.1f images/s): %d images, %d annotations, %d skipped in"
            + " %s%n",
        remaining,
        meter.elapsedSeconds(),
        meter.imagesPerSecond(remaining),
        tally.images(),
        tally.annotations(),
        tally.skipped(),
        part);
  }

  private static ClassSource classSource(LabelOptions options, InputList inputs) {
    return switch (options.classes()) {
      case LabelOptions.PREDICTED -> new ClassSource.Predicted(options.topK());
      case LabelOptions.FOLDERS -> new FolderClasses(inputs.classFolders());
      default -> ClassFile.read(Path.of(options.classes()));
    };
  }

  /**
   * COCO's info, with what identifies the run: the model, the options that shape the labels and the
   * input list. Parts of one run share it (but for the shard); the journal starts with it.
   */
  private static ObjectNode info(
      ModelDescriptor model,
      ModelOrigin origin,
      LabelOptions options,
      ClassSource classes,
      double threshold,
      InputList inputs) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode info = nodes.objectNode();
    info.put(
        "description",
        "TS-CAM pseudo-labels by "
            + model.name()
            + " "
            + model.version()
            + " (tscam-server label)");
    ObjectNode run = info.putObject("run");
    ObjectNode modelNode = run.putObject("model");
    modelNode.put("name", model.name());
    modelNode.put("version", model.version());
    modelNode.put("sha256", origin.onnxSha256());
    ObjectNode optionsNode = run.putObject("options");
    optionsNode.put("classes", classes.describe());
    optionsNode.put("threshold", threshold);
    optionsNode.put("boxes", options.boxes().name().toLowerCase(Locale.ROOT));
    if (options.boxes() == BoxMode.ALL) {
      optionsNode.put("minBoxArea", options.minBoxArea());
    }
    optionsNode.put("minScore", options.minScore());
    optionsNode.put("masks", options.masks());
    ObjectNode inputsNode = run.putObject("inputs");
    inputsNode.put("images", inputs.total());
    inputsNode.put("sha256", inputs.sha256());
    ObjectNode shard = info.putObject("shard");
    shard.put("index", options.shard().index());
    shard.put("count", options.shard().count());
    return info;
  }

  /**
   * Whether the shard's part is there from this very run; a part of another run is an error rather
   * than silently kept or replaced.
   */
  private static boolean finished(Path part, JsonNode info) {
    if (!Files.exists(part)) {
      return false;
    }
    if (!CocoJson.same(info, ArrayCursor.value(part, "info"))) {
      throw new LabellingException(
          part
              + " was made by another run (model, options or input list differ): run with --force"
              + " to label the shard again");
    }
    return true;
  }

  private static void createFolder(Path folder) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new LabellingException("cannot create " + folder + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private int fail(int status, String message) {
    err.println(NAME + ": " + message.replace('\n', ' '));
    err.flush();
    return status;
  }
}
