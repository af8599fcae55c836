package io.tscam.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tscam.server.cam.Box;
import io.tscam.server.cam.GridMap;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.localization.ClassLocalization;
import io.tscam.server.localization.Localization;
import java.util.List;

/**
 * The JSON answer of POST /localize.
 *
 * @param image the size of the image as displayed (after EXIF orientation)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LocalizeResponse(
    ModelRef model,
    ImageSize image,
    @Schema(description = "Box threshold used, as a fraction of each map's maximum")
        double threshold,
    @Schema(description = "How attention layers were fused: tscam (reference) or rollout")
        String fusion,
    @Schema(
            description =
                "One entry per localized class, highest score first (or in the order "
                    + "of the classes parameter)")
        List<Prediction> predictions,
    @Schema(description = "Class-agnostic attention map on the token grid (only with cam=true)")
        float[][] attention) {

  /** The model that answered. */
  public record ModelRef(String name, String version) {}

  /** One class: its score and its box. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Prediction(
      int classIndex,
      String label,
      @Schema(description = "Softmax probability") double score,
      @Schema(description = "Box in original-image pixels, x2/y2 exclusive") Box box,
      @Schema(
              description =
                  "The same box in model-input space, as the official evaluation " + "computes it")
          Box inputBox,
      @Schema(
              description =
                  "This class's coupled TS-CAM map on the token grid (only with cam=true)")
          float[][] cam) {}

  static LocalizeResponse of(Localization result, String modelName, String modelVersion) {
    List<Prediction> predictions =
        result.predictions().stream().map(LocalizeResponse::prediction).toList();
    return new LocalizeResponse(
        new ModelRef(modelName, modelVersion),
        result.image(),
        result.threshold(),
        result.fusion().name().toLowerCase(java.util.Locale.ROOT),
        predictions,
        rowsOrNull(result.attentionMap()));
  }

  private static Prediction prediction(ClassLocalization c) {
    return new Prediction(
        c.classIndex(), c.label(), c.score(), c.box(), c.inputBox(), rowsOrNull(c.map()));
  }

  private static float[][] rowsOrNull(GridMap map) {
    return map == null ? null : map.rows();
  }
}
