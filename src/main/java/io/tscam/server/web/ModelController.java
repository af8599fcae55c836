package io.tscam.server.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.ModelOrigin;
import io.tscam.server.inference.OnnxModel;
import io.tscam.server.localization.Localizer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /model: what is being served and how. */
@RestController
@Tag(name = OpenApiDocumentation.MODEL_TAG)
class ModelController {

  private final ModelInfoResponse info;

  ModelController(OnnxModel model, ModelOrigin origin, Localizer localizer, InferenceQueue queue) {
    this.info = ModelInfoResponse.of(model, origin, localizer.jpegDecoder(), queue.batchLimit());
  }

  @Operation(
      summary = "The model being served: labels, input, attention geometry, provider, JPEG decoder")
  @GetMapping("/model")
  ModelInfoResponse model() {
    return info;
  }
}
