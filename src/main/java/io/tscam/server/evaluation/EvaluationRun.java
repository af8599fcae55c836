package io.tscam.server.evaluation;

import io.tscam.server.console.Progress;
import io.tscam.server.console.ProgressMeter;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.localization.Localizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/** One evaluation of the loaded model over a dataset: run, report files, console summary. */
final class EvaluationRun {

  static final ThresholdSweep SWEEP = ThresholdSweep.HUNDREDTHS;

  private final Localizer localizer;
  private final ModelDescriptor model;
  private final Path modelDirectory;
  private final double camThreshold;
  private final int imagesInFlight;
  private final boolean evidence;
  private final LongSupplier forwardPasses;

  /**
   * @param evidence whether each image also gets the evidence passes of its official box
   * @param forwardPasses the images the model has run so far, as the batching queue counts them
   */
  EvaluationRun(
      Localizer localizer,
      ModelDescriptor model,
      Path modelDirectory,
      double camThreshold,
      int imagesInFlight,
      boolean evidence,
      LongSupplier forwardPasses) {
    this.localizer = localizer;
    this.model = model;
    this.modelDirectory = modelDirectory;
    this.camThreshold = camThreshold;
    this.imagesInFlight = imagesInFlight;
    this.evidence = evidence;
    this.forwardPasses = forwardPasses;
  }

  void execute(EvaluationDataset dataset, ReportWriter writer, PrintStream out, boolean terminal) {
    int images = dataset.images().size();
    out.printf(
        Locale.ROOT,
        "Evaluating %s %s (%s coupling) on %s (%s split, %d images), cam threshold %.2f,"
            + " input %dx%d%n",
        model.name(),
        model.version(),
        model.couplingName(),
        dataset.root(),
        dataset.splitLabel(),
        images,
        camThreshold,
        model.inputWidth(),
        model.inputHeight());
    ProgressMeter meter = new ProgressMeter(images, System::nanoTime);
    Evaluator evaluator =
        new Evaluator(
            localizer, new ImageScorer(camThreshold, SWEEP), SWEEP, imagesInFlight, evidence);
    long passesBefore = forwardPasses.getAsLong();
    EvaluationOutcome outcome =
        evaluator.run(dataset.images(), meter, Progress.on(out, terminal, meter, "evaluated"));
    EvaluationReport report = report(dataset, outcome, forwardPasses.getAsLong() - passesBefore);
    writer.write(report, outcome.metrics().curve(), plot(dataset, outcome.metrics()));
    new ConsoleSummary(out).print(report, writer.folder());
  }

  private EvaluationReport report(
      EvaluationDataset dataset, EvaluationOutcome outcome, long passes) {
    EvaluationMetrics metrics = outcome.metrics();
    return new EvaluationReport(
        new EvaluationReport.Model(
            model.name(),
            model.version(),
            model.isTrained(),
            model.couplingName(),
            asRun(modelDirectory)),
        new EvaluationReport.Dataset(
            asRun(dataset.root()), dataset.splitLabel(), dataset.images().size()),
        camThreshold,
        model.inputSize(),
        metrics.accuracy(),
        metrics.maxBoxAccV2(),
        metrics.baselines(),
        metrics.counts(),
        new EvaluationReport.Throughput(
            outcome.wallSeconds(), outcome.imagesPerSecond(), imagesInFlight, passes),
        EvaluationReport.IOU,
        ReportWriter.FILES,
        outcome.evidence());
  }

  /**
   * A folder as the report names it: relative to the folder the command ran in, so that a report
   * kept with the repository names no folder of the machine it was made on. Absolute only where no
   * relative path leads there (another file system root).
   */
  static String asRun(Path path) {
    Path absolute = path.toAbsolutePath().normalize();
    Path workingDirectory = Path.of("").toAbsolutePath();
    if (!workingDirectory.getRoot().equals(absolute.getRoot())) {
      return absolute.toString();
    }
    String relative = workingDirectory.relativize(absolute).toString();
    return relative.isEmpty() ? "." : relative;
  }

  private CurvePlot plot(EvaluationDataset dataset, EvaluationMetrics metrics) {
    String title =
        String.format(
            Locale.ROOT,
            "%s %s on %s (%s, %d images)",
            model.name(),
            model.version(),
            dataset.root().toAbsolutePath().normalize().getFileName(),
            dataset.splitLabel(),
            dataset.images().size());
    String subtitle =
        String.format(
            Locale.ROOT,
            "MaxBoxAccV2 %.2f   GT-known Loc %.2f at threshold %.2f   baselines: whole image"
                + " %.2f, centred half %.2f",
            metrics.maxBoxAccV2().value(),
            metrics.accuracy().gtKnownLoc(),
            camThreshold,
            metrics.baselines().wholeImageGtKnownLoc(),
            metrics.baselines().centredHalfGtKnownLoc());
    return new CurvePlot(title, subtitle, camThreshold);
  }
}
