package io.tscam.server.evaluation;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** The metrics of a report as a few lines for the console. */
final class ConsoleSummary {

  private final PrintStream out;

  ConsoleSummary(PrintStream out) {
    this.out = out;
  }

  void print(EvaluationReport report, Path folder) {
    EvaluationMetrics.Accuracy accuracy = report.accuracy();
    EvaluationMetrics.Baselines baselines = report.baselines();
    line("Cls@1       %6.2f   Cls@5       %6.2f", accuracy.cls1(), accuracy.cls5());
    line(
        "Top-1 Loc   %6.2f   Top-5 Loc   %6.2f   GT-known Loc %6.2f  (cam threshold %.2f)",
        accuracy.top1Loc(), accuracy.top5Loc(), accuracy.gtKnownLoc(), report.camThreshold());
    StringBuilder levels = new StringBuilder();
    for (MaxBoxAccV2.AtIou level : report.maxBoxAccV2().atIou()) {
      levels.append(
          String.format(
              Locale.ROOT,
              "  IoU %.1f: %.2f at %.2f",
              level.iou(),
              level.boxAccuracy(),
              level.bestCamThreshold()));
    }
    line("MaxBoxAccV2 %6.2f %s", report.maxBoxAccV2().value(), levels);
    double best = Math.max(baselines.wholeImageGtKnownLoc(), baselines.centredHalfGtKnownLoc());
    line(
        "Baselines (GT-known Loc): whole image %.2f, centred half %.2f; the model is %+.2f points"
            + " from the better one",
        baselines.wholeImageGtKnownLoc(),
        baselines.centredHalfGtKnownLoc(),
        accuracy.gtKnownLoc() - best);
    if (report.evidence() != null) {
      printEvidence(report.evidence());
    }
    line(
        "%d images in %.1f s, %.1f images/s; report in %s",
        report.counts().images(),
        report.throughput().wallSeconds(),
        report.throughput().imagesPerSecond(),
        folder.toAbsolutePath().normalize());
    out.flush();
  }

  private void printEvidence(EvidenceSeparation evidence) {
    line(
        "Evidence of the official box (keep / remove): IoU >= 0.5 %s, IoU < 0.5 %s;"
            + " ROC AUC of keep - remove %s",
        group(evidence.good()),
        group(evidence.bad()),
        evidence.rocAuc() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", evidence.rocAuc()));
  }

  private static String group(EvidenceSeparation.Group group) {
    return group.boxes() == 0
        ? "(no boxes)"
        : String.format(
            Locale.ROOT,
            "%.3f / %.3f (%d boxes)",
            group.meanKeep(),
            group.meanRemove(),
            group.boxes());
  }

  private void line(String format, Object... values) {
    out.println(String.format(Locale.ROOT, format, values));
  }
}
