package io.tscam.server.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.imaging.ImageSize;
import io.tscam.server.imaging.OverlayRenderer;
import io.tscam.server.imaging.Preprocessor;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelGeometry;
import io.tscam.server.inference.OnnxModel;
import io.tscam.server.localization.Localizer;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The localization pipeline's stages, sized from the model package and the properties. */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

  @Bean
  ModelGeometry modelGeometry(OnnxModel model) {
    return model.geometry();
  }

  @Bean
  ImageDecoder imageDecoder(TsCamProperties properties) {
    return new ImageDecoder(properties.limits().maxPixels());
  }

  @Bean
  Preprocessor preprocessor(ModelDescriptor descriptor) {
    return new Preprocessor(
        new ImageSize(descriptor.inputWidth(), descriptor.inputHeight()),
        toDoubles(descriptor.mean()),
        toDoubles(descriptor.std()));
  }

  @Bean
  OverlayRenderer overlayRenderer(TsCamProperties properties) {
    return new OverlayRenderer(
        properties.overlay().maxSide(), OverlayRenderer.DEFAULT_HEAT_OPACITY);
  }

  @Bean
  Localizer localizer(
      ImageDecoder decoder,
      Preprocessor preprocessor,
      InferenceQueue queue,
      ModelDescriptor descriptor,
      ModelGeometry geometry,
      TsCamProperties properties,
      MeterRegistry registry) {
    return new Localizer(
        decoder,
        preprocessor,
        queue,
        descriptor,
        geometry,
        properties.batching().timeout(),
        properties.overlay().maxSide(),
        properties.decoding().slots(),
        registry);
  }

  private static double[] toDoubles(List<Float> values) {
    return values.stream().mapToDouble(Float::doubleValue).toArray();
  }
}
