package io.tscam.server.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.tscam.server.inference.BatchingSettings;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelPackage;
import io.tscam.server.inference.OnnxModel;
import io.tscam.server.inference.SessionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the model package and its session at startup; a bad package stops the app right here. */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

  @Bean(destroyMethod = "close")
  OnnxModel onnxModel(TsCamProperties properties) {
    ModelPackage modelPackage = ModelPackage.open(properties.model().dir());
    TsCamProperties.Inference inference = properties.inference();
    OnnxModel model =
        OnnxModel.load(
            modelPackage,
            new SessionSettings(
                properties.device() == TsCamProperties.Device.CUDA,
                inference.cudaDeviceId(),
                inference.intraOpThreads()));
    ModelDescriptor descriptor = model.descriptor();
    log.info(
        "serving model {} {} from {} on {} ({} classes, {})",
        descriptor.name(),
        descriptor.version(),
        modelPackage.directory(),
        model.provider().tag(),
        model.geometry().numClasses(),
        model.geometry());
    if (!descriptor.isTrained()) {
      log.warn(
          "model {} has UNTRAINED random weights: its boxes are meaningless", descriptor.name());
    }
    return model;
  }

  @Bean
  ModelDescriptor modelDescriptor(OnnxModel model) {
    return model.descriptor();
  }

  @Bean(destroyMethod = "close")
  InferenceQueue inferenceQueue(
      OnnxModel model, TsCamProperties properties, MeterRegistry registry) {
    TsCamProperties.Batching batching = properties.batching();
    return new InferenceQueue(
        model,
        new BatchingSettings(batching.maxSize(), batching.maxDelay(), batching.queueCapacity()),
        registry);
  }
}
