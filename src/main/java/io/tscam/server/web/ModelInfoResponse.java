package io.tscam.server.web;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelGeometry;
import io.tscam.server.inference.OnnxModel;
import java.util.List;

/** The answer of GET /model. */
public record ModelInfoResponse(
    String name,
    String version,
    String description,
    @Schema(description = "false for packages with random weights, whose boxes mean nothing")
        boolean trained,
    @Schema(description = "[height, width] the image is resized to") List<Integer> inputSize,
    List<Float> mean,
    List<Float> std,
    int numClasses,
    List<String> labels,
    double camThreshold,
    int layers,
    @Schema(
            description =
                "Attention heads per layer (1 when the model exports head-averaged " + "attention)")
        int heads,
    boolean headsAveraged,
    @Schema(description = "[height, width] of the token grid") List<Integer> tokenGrid,
    @Schema(description = "ONNX Runtime execution provider in use: cpu or cuda") String provider,
    @Schema(
            description =
                "What decodes JPEG uploads: libjpeg-turbo (TurboJPEG API version), or ImageIO where"
                    + " the system lacks the library",
            example = "libjpeg-turbo (TurboJPEG 2 API)")
        String jpegDecoder) {

  static ModelInfoResponse of(OnnxModel model, ImageDecoder decoder) {
    ModelDescriptor d = model.descriptor();
    ModelGeometry g = model.geometry();
    return new ModelInfoResponse(
        d.name(),
        d.version(),
        d.description(),
        d.isTrained(),
        d.inputSize(),
        d.mean(),
        d.std(),
        g.numClasses(),
        d.labels(),
        d.camThreshold(),
        g.layers(),
        g.heads(),
        g.headsAveraged(),
        List.of(g.gridHeight(), g.gridWidth()),
        model.provider().tag(),
        decoder.jpegDecoder());
  }
}
