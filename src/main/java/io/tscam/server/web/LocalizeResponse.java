package io.tscam.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tscam.server.cam.Box;
import io.tscam.server.localization.ClassLocalization;
import io.tscam.server.localization.Localization;
import io.tscam.server.localization.MapGrid;
import java.util.List;

/** The JSON answer of POST /localize. */
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

  /** Size of the image as displayed (after EXIF orientation). */
  public record ImageSize(int width, int height) {}

  /** One class: its score and its box. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Prediction(
      int classIndex,
      String label,
      @Schema(description = "Softmax probability") double score,
      @Schema(description = "Box in original-image pixels, x2/y2 exclusive") BoxDto box,
      @Schema(
              description =
                  "The same box in model-input space, as the official evaluation " + "computes it")
          BoxDto inputBox,
      @Schema(
              description =
                  "This class's coupled TS-CAM map on the token grid (only with cam=true)")
          float[][] cam) {}

  /** A box with exclusive right and bottom edges. */
  @Schema(name = "Box")
  public record BoxDto(int x1, int y1, int x2, int y2) {
    static BoxDto of(Box box) {
      return new BoxDto(box.x1(), box.y1(), box.x2(), box.y2());
    }
  }

  static LocalizeResponse of(Localization result, String modelName, String modelVersion) {
    List<Prediction> predictions =
        result.predictions().stream().map(LocalizeResponse::prediction).toList();
    return new LocalizeResponse(
        new ModelRef(modelName, modelVersion),
        new ImageSize(result.imageWidth(), result.imageHeight()),
        result.threshold(),
        result.fusion().name().toLowerCase(java.util.Locale.ROOT),
        predictions,
        rowsOrNull(result.attentionMap()));
  }

  private static Prediction prediction(ClassLocalization c) {
    return new Prediction(
        c.classIndex(),
        c.label(),
        c.score(),
        BoxDto.of(c.box()),
        BoxDto.of(c.inputBox()),
        rowsOrNull(c.map()));
  }

  private static float[][] rowsOrNull(MapGrid map) {
    return map == null ? null : map.rows();
  }
}
