package io.tscam.server.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tscam.server.cam.Box;
import io.tscam.server.cam.GridMap;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.localization.ClassLocalization;
import io.tscam.server.localization.Evidence;
import io.tscam.server.localization.Localization;
import io.tscam.server.localization.ObjectBox;
import java.util.List;

/**
 * The JSON answer of POST /localize.
 *
 * @param image the size of the image as displayed (after EXIF orientation)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalizeResponse(
    @Schema(requiredMode = REQUIRED) ModelRef model,
    @Schema(
            requiredMode = REQUIRED,
            description = "The image's size as displayed (after EXIF orientation)")
        ImageSize image,
    @Schema(
            requiredMode = REQUIRED,
            description = "Box threshold used, as a fraction of each map's maximum")
        double threshold,
    @Schema(
            requiredMode = REQUIRED,
            description = "How attention layers were fused: tscam (reference) or rollout")
        String fusion,
    @Schema(
            requiredMode = REQUIRED,
            description =
                "One entry per localized class, highest score first (or in the order "
                    + "of the classes parameter)")
        List<Prediction> predictions,
    @Schema(description = "Class-agnostic attention map on the token grid (only with cam=true)")
        float[][] attention,
    @Schema(
            requiredMode = REQUIRED,
            description =
                "Forward passes of the model this answer took: 1, plus 2 per class with"
                    + " evidence=true",
            example = "1")
        int passes) {

  /** The model that answered. */
  public record ModelRef(
      @Schema(requiredMode = REQUIRED) String name,
      @Schema(requiredMode = REQUIRED) String version) {}

  /** One class: its score and its box. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Prediction(
      @Schema(requiredMode = REQUIRED) int classIndex,
      @Schema(requiredMode = REQUIRED) String label,
      @Schema(requiredMode = REQUIRED, description = "Softmax probability") double score,
      @Schema(
              requiredMode = REQUIRED,
              description = "Box in original-image pixels, x2/y2 exclusive")
          Box box,
      @Schema(
              requiredMode = REQUIRED,
              description =
                  "The same box in model-input space, as the official evaluation " + "computes it")
          Box inputBox,
      @Schema(
              description =
                  "This class's coupled TS-CAM map on the token grid (only with cam=true)")
          float[][] cam,
      @Schema(
              description =
                  "Only with boxes=all: one box per object (outer contour of the thresholded map)"
                      + " whose area is at least minBoxArea of the largest one's, largest first;"
                      + " the first is the box above unless two objects have the same area")
          List<InstanceBox> boxes,
      @Schema(
              description =
                  "Only with evidence=true: this class's softmax probability with everything"
                      + " outside inputBox set to 0 (the dataset mean colour) and with everything"
                      + " inside it set to 0. A box that holds the object keeps the class (keep"
                      + " high) and removing it loses the class (remove low)")
          BoxEvidence evidence) {}

  /** What a class's box explains of it, with evidence=true. */
  public record BoxEvidence(
      @Schema(
              requiredMode = REQUIRED,
              description = "The class's probability with only its box left (the rest set to 0)",
              example = "0.97")
          double keep,
      @Schema(
              requiredMode = REQUIRED,
              description = "The class's probability with its box set to 0 (the rest left)",
              example = "0.02")
          double remove) {

    static BoxEvidence of(Evidence evidence) {
      return evidence == null ? null : new BoxEvidence(evidence.keep(), evidence.remove());
    }
  }

  /** One object of a class, with boxes=all. */
  public record InstanceBox(
      @Schema(
              requiredMode = REQUIRED,
              description = "Left edge in original-image pixels",
              example = "48")
          int x1,
      @Schema(
              requiredMode = REQUIRED,
              description = "Top edge in original-image pixels",
              example = "104")
          int y1,
      @Schema(
              requiredMode = REQUIRED,
              description = "Right edge (exclusive) in original-image pixels",
              example = "140")
          int x2,
      @Schema(
              requiredMode = REQUIRED,
              description = "Bottom edge (exclusive) in original-image pixels",
              example = "160")
          int y2,
      @Schema(requiredMode = REQUIRED, description = "The same box in model-input space")
          Box inputBox,
      @Schema(
              requiredMode = REQUIRED,
              description =
                  "Share (0..1) of the thresholded map's values inside this object's contour",
              example = "0.93")
          double mass) {

    static InstanceBox of(ObjectBox object) {
      Box box = object.box();
      return new InstanceBox(
          box.x1(), box.y1(), box.x2(), box.y2(), object.inputBox(), object.mass());
    }
  }

  static LocalizeResponse of(Localization result, String modelName, String modelVersion) {
    List<Prediction> predictions =
        result.predictions().stream().map(LocalizeResponse::prediction).toList();
    return new LocalizeResponse(
        new ModelRef(modelName, modelVersion),
        result.image(),
        result.threshold(),
        result.fusion().name().toLowerCase(java.util.Locale.ROOT),
        predictions,
        rowsOrNull(result.attentionMap()),
        result.passes());
  }

  private static Prediction prediction(ClassLocalization c) {
    return new Prediction(
        c.classIndex(),
        c.label(),
        c.score(),
        c.box(),
        c.inputBox(),
        rowsOrNull(c.map()),
        c.objects() == null ? null : c.objects().stream().map(InstanceBox::of).toList(),
        BoxEvidence.of(c.evidence()));
  }

  private static float[][] rowsOrNull(GridMap map) {
    return map == null ? null : map.rows();
  }
}
