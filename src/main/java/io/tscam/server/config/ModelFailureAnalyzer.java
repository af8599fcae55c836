package io.tscam.server.config;

import io.tscam.server.inference.InvalidModelException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad model package into one clear startup failure line instead of a bean stack trace. */
class ModelFailureAnalyzer extends AbstractFailureAnalyzer<InvalidModelException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, InvalidModelException cause) {
    return new FailureAnalysis(
        "The model package cannot be served: " + cause.getMessage(),
        "Point tscam.model.dir (env TSCAM_MODEL_DIR) at a folder with a valid model.onnx and "
            + "model.json, or tscam.model.url (env TSCAM_MODEL_URL) at an archive of one "
            + "(see README, 'Model package'); export one with tools/export.py.",
        cause);
  }
}
