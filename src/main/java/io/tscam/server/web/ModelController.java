package io.tscam.server.web;

import io.swagger.v3.oas.annotations.Operation;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.inference.OnnxModel;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /model: what is being served and how. */
@RestController
class ModelController {

  private final ModelInfoResponse info;

  ModelController(OnnxModel model, ImageDecoder decoder) {
    this.info = ModelInfoResponse.of(model, decoder);
  }

  @Operation(
      summary = "The model being served: labels, input, attention geometry, provider, JPEG decoder")
  @GetMapping("/model")
  ModelInfoResponse model() {
    return info;
  }
}
