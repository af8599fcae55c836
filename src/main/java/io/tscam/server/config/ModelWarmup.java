package io.tscam.server.config;

import io.tscam.server.inference.ModelGeometry;
import io.tscam.server.localization.Fusion;
import io.tscam.server.localization.LocalizationQuery;
import io.tscam.server.localization.Localizer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Runs one batch through the whole pipeline before the app reports ready: Spring Boot only turns
 * readiness to ACCEPTING_TRAFFIC after the application runners have finished, so the first real
 * request never pays for ONNX Runtime's lazy initialisation.
 */
@Component
class ModelWarmup implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(ModelWarmup.class);

  private final Localizer localizer;
  private final ModelGeometry geometry;

  ModelWarmup(Localizer localizer, ModelGeometry geometry) {
    this.localizer = localizer;
    this.geometry = geometry;
  }

  @Override
  public void run(ApplicationArguments args) {
    long start = System.nanoTime();
    float[] blank = new float[geometry.inputLength()];
    localizer.localizeInput(
        blank,
        geometry.inputWidth(),
        geometry.inputHeight(),
        new LocalizationQuery(1, List.of(), null, false, Fusion.TSCAM));
    log.info("model warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
  }
}
