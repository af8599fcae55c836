package io.tscam.server.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.tscam.server.imaging.OverlayRenderer;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelGeometry;
import io.tscam.server.inference.OnnxModel;
import io.tscam.server.localization.Localizer;
import io.tscam.server.localization.LocalizerSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The localization pipeline, built for the model package from the properties. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

  @Bean
  ModelGeometry modelGeometry(OnnxModel model) {
    return model.geometry();
  }

  @Bean
  OverlayRenderer overlayRenderer(TsCamProperties properties) {
    return new OverlayRenderer(
        properties.overlay().maxSide(), OverlayRenderer.DEFAULT_HEAT_OPACITY);
  }

  @Bean
  Localizer localizer(
      ModelDescriptor descriptor,
      ModelGeometry geometry,
      InferenceQueue queue,
      TsCamProperties properties,
      MeterRegistry registry,
      ObservationRegistry observations) {
    LocalizerSettings settings =
        new LocalizerSettings(
            properties.limits().maxPixels(),
            properties.batching().timeout(),
            properties.overlay().maxSide(),
            properties.decoding().slots());
    return Localizer.forModel(descriptor, geometry, queue, settings, registry, observations);
  }
}
