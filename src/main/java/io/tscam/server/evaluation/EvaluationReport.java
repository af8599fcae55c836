package io.tscam.server.evaluation;

import java.util.List;
import java.util.Map;

/**
 * The contents of report.json. Every accuracy is in percent of the images.
 *
 * @param camThreshold the cam threshold of Top-1/Top-5/GT-known Loc
 * @param inputSize [height, width] of the model input, the space boxes are compared in
 * @param iou how boxes are compared
 * @param files the other files of the report
 * @param evidence keep/remove of the ground-truth class's official box (evidence=true), good boxes
 *     (IoU >= 0.5) against bad ones, and the ROC AUC of keep - remove; null (written as null, like
 *     the report's other absent values) when the run had no --evidence
 */
record EvaluationReport(
    Model model,
    Dataset dataset,
    double camThreshold,
    List<Integer> inputSize,
    EvaluationMetrics.Accuracy accuracy,
    MaxBoxAccV2 maxBoxAccV2,
    EvaluationMetrics.Baselines baselines,
    EvaluationMetrics.Counts counts,
    Throughput throughput,
    String iou,
    Map<String, String> files,
    EvidenceSeparation evidence) {

  static final String IOU =
      "official TS-CAM IoU: inclusive pixel corners (+1), predicted [x1, y1, x2, y2] as produced,"
          + " ground truth scaled into input space like the official loader, best over the"
          + " image's boxes; overlap clamped at zero (the official code does not clamp)";

  /**
   * @param directory the package folder
   * @param trained false for packages with random weights
   * @param coupling the package's coupling step: tscam or scm
   */
  public record Model(
      String name, String version, boolean trained, String coupling, String directory) {}

  /**
   * @param images images evaluated (after --limit)
   */
  public record Dataset(String directory, String split, int images) {}

  /**
   * @param wallSeconds from the first image submitted to the last one scored
   * @param imagesPerSecond images per wall-clock second, decode to metrics
   * @param imagesInFlight how many images the run kept in the pipeline at once
   * @param forwardPasses images the model ran: one per image, three with --evidence
   */
  public record Throughput(
      double wallSeconds, double imagesPerSecond, int imagesInFlight, long forwardPasses) {}
}
