package io.tscam.server.web;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelGeometry;
import io.tscam.server.inference.ModelOrigin;
import io.tscam.server.inference.OnnxModel;
import io.tscam.server.inference.Parallelism;
import java.util.List;

/** The answer of GET /model. */
public record ModelInfoResponse(
    @Schema(requiredMode = REQUIRED) String name,
    @Schema(requiredMode = REQUIRED) String version,
    @Schema(description = "What the package says about the model; null when it says nothing")
        String description,
    @Schema(
            requiredMode = REQUIRED,
            description = "false for packages with random weights, whose boxes mean nothing")
        boolean trained,
    @Schema(requiredMode = REQUIRED, description = "[height, width] the image is resized to")
        List<Integer> inputSize,
    @Schema(requiredMode = REQUIRED) List<Float> mean,
    @Schema(requiredMode = REQUIRED) List<Float> std,
    @Schema(requiredMode = REQUIRED) int numClasses,
    @Schema(requiredMode = REQUIRED) List<String> labels,
    @Schema(requiredMode = REQUIRED) double camThreshold,
    @Schema(requiredMode = REQUIRED) int layers,
    @Schema(
            requiredMode = REQUIRED,
            description =
                "Attention heads per layer (1 when the model exports head-averaged " + "attention)")
        int heads,
    @Schema(requiredMode = REQUIRED) boolean headsAveraged,
    @Schema(requiredMode = REQUIRED, description = "[height, width] of the token grid")
        List<Integer> tokenGrid,
    @Schema(
            requiredMode = REQUIRED,
            description =
                "How the class-token attention meets the feature maps: tscam (as is) or scm "
                    + "(min-max normalised per image first)")
        String coupling,
    @Schema(
            requiredMode = REQUIRED,
            description = "ONNX Runtime execution provider in use: cpu or cuda")
        String provider,
    @Schema(
            requiredMode = REQUIRED,
            description = "What runs the model: workers, threads per run, the latency session")
        Inference inference,
    @Schema(
            requiredMode = REQUIRED,
            description =
                "What decodes JPEG uploads: libjpeg-turbo (TurboJPEG API version), or ImageIO where"
                    + " the system lacks the library",
            example = "libjpeg-turbo (TurboJPEG 2 API)")
        String jpegDecoder,
    @Schema(requiredMode = REQUIRED, description = "Where the package came from") Source source) {

  /** How many batches run at once and with how many threads each. */
  public record Inference(
      @Schema(requiredMode = REQUIRED, description = "Batches that run the shared session at once")
          int workers,
      @Schema(
              requiredMode = REQUIRED,
              description = "ONNX Runtime intra-op threads of one worker's run")
          int intraOpThreads,
      @Schema(
              description =
                  "Intra-op threads of the latency session, which runs a batch when nothing else"
                      + " is queued, arriving or running; null when there is none")
          Integer latencySessionThreads,
      @Schema(
              requiredMode = REQUIRED,
              description =
                  "The most images one worker's run takes (tscam.batching.max-size shared out"
                      + " among the workers)")
          int batchLimit) {

    static Inference of(Parallelism parallelism, int batchLimit) {
      return new Inference(
          parallelism.workers(),
          parallelism.intraOpThreads(),
          parallelism.hasLatencySession() ? parallelism.latencyThreads() : null,
          batchLimit);
    }
  }

  /** The package's origin: the URL (a file: URL for a plain folder), the cache, the checksum. */
  public record Source(
      @Schema(requiredMode = REQUIRED) String url,
      @Schema(description = "Cache folder the URL was unpacked into; null when served in place")
          String cacheFolder,
      @Schema(requiredMode = REQUIRED, description = "SHA-256 of model.onnx, lower-case hex")
          String onnxSha256) {}

  static ModelInfoResponse of(
      OnnxModel model, ModelOrigin origin, String jpegDecoder, int batchLimit) {
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
        d.couplingName(),
        model.provider().tag(),
        Inference.of(model.parallelism(), batchLimit),
        jpegDecoder,
        new Source(
            origin.url(),
            origin.cacheFolder() == null ? null : origin.cacheFolder().toString(),
            origin.onnxSha256()));
  }
}
