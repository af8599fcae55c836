package io.tscam.server.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Writes report.json, the accuracy-per-threshold CSV and its plot into one folder. */
final class ReportWriter {

  static final String REPORT = "report.json";
  static final String CURVE_CSV = "box_accuracy.csv";
  static final String CURVE_PNG = "box_accuracy.png";

  /** The report's list of files, as report.json names them. */
  static final Map<String, String> FILES = Map.of("curveCsv", CURVE_CSV, "curvePlot", CURVE_PNG);

  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final Path folder;

  ReportWriter(Path folder) {
    this.folder = folder;
  }

  /** Writes the three files, replacing earlier ones. */
  void write(EvaluationReport report, List<CurvePoint> curve, CurvePlot plot) {
    try {
      Files.createDirectories(folder);
      Files.writeString(folder.resolve(REPORT), JSON.writeValueAsString(report) + "\n");
      Files.writeString(folder.resolve(CURVE_CSV), csv(curve), StandardCharsets.UTF_8);
      ImageIO.write(plot.render(curve), "png", folder.resolve(CURVE_PNG).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + folder + ": " + e, e);
    }
  }

  /** One row per cam threshold: box accuracy at each IoU level and GT-known Loc, in percent. */
  static String csv(List<CurvePoint> curve) {
    StringBuilder csv = new StringBuilder("cam_threshold");
    for (double iou : BoxAccuracyCurve.IOU_LEVELS) {
      csv.append(String.format(Locale.ROOT, ",box_acc_iou_%.1f", iou));
    }
    csv.append(",gt_known_loc\n");
    for (CurvePoint point : curve) {
      csv.append(String.format(Locale.ROOT, "%.2f", point.camThreshold()));
      for (double accuracy : point.boxAccuracy()) {
        csv.append(String.format(Locale.ROOT, ",%.4f", accuracy));
      }
      csv.append(String.format(Locale.ROOT, ",%.4f\n", point.gtKnownLoc()));
    }
    return csv.toString();
  }

  Path folder() {
    return folder;
  }
}
