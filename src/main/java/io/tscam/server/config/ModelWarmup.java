package io.tscam.server.config;

import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.ModelGeometry;
import io.tscam.server.localization.Fusion;
import io.tscam.server.localization.LocalizationQuery;
import io.tscam.server.localization.Localizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Runs one image through the whole pipeline before the app reports ready: Spring Boot only turns
 * readiness to ACCEPTING_TRAFFIC after the application runners have finished, so the first real
 * request never pays for ONNX Runtime's (or the decoder's) lazy initialisation.
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
    byte[] blank = blankPng(geometry.inputWidth(), geometry.inputHeight());
    try (InferenceQueue.Arrival arrival = localizer.admit()) {
      localizer.localize(
          arrival, blank, new LocalizationQuery(1, List.of(), null, false, Fusion.TSCAM));
    }
    log.info("model warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
  }

  private static byte[] blankPng(int width, int height) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR), "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }
}
