package io.tscam.server.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.tscam.server.inference.BatchingSettings;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelOrigin;
import io.tscam.server.inference.ModelPackage;
import io.tscam.server.inference.OnnxModel;
import io.tscam.server.inference.PackageFetcher;
import io.tscam.server.inference.PackageLocator;
import io.tscam.server.inference.SessionSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the model package and its session at startup; a bad package stops the app right here. */
@Configuration(proxyBeanMethods = false)
class ModelConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ModelConfiguration.class);

  @Bean
  PackageLocator.Located modelPackage(TsCamProperties properties) {
    TsCamProperties.Model model = properties.model();
    model.requireOneSource();
    PackageLocator locator = new PackageLocator(new PackageFetcher(model.cacheFolder()));
    return model.fromUrl()
        ? locator.fromUrl(model.url().strip(), model.sha256())
        : locator.fromFolder(model.folder(), model.sha256());
  }

  @Bean
  ModelOrigin modelOrigin(PackageLocator.Located located) {
    return located.origin();
  }

  @Bean(destroyMethod = "close")
  OnnxModel onnxModel(PackageLocator.Located located, TsCamProperties properties) {
    ModelPackage modelPackage = located.modelPackage();
    TsCamProperties.Inference inference = properties.inference();
    OnnxModel model =
        OnnxModel.load(
            modelPackage,
            new SessionSettings(
                properties.device() == TsCamProperties.Device.CUDA,
                inference.cudaDeviceId(),
                inference.workers(),
                inference.intraOpThreads(),
                inference.latencySession()));
    ModelDescriptor descriptor = model.descriptor();
    log.info(
        "serving model {} {} from {} on {} ({} classes, {}; {})",
        descriptor.name(),
        descriptor.version(),
        modelPackage.directory(),
        model.provider().tag(),
        model.geometry().numClasses(),
        model.geometry(),
        model.parallelism());
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
      OnnxModel model,
      TsCamProperties properties,
      MeterRegistry registry,
      ObservationRegistry observations) {
    TsCamProperties.Batching batching = properties.batching();
    return new InferenceQueue(
        model,
        new BatchingSettings(batching.maxSize(), batching.maxDelay(), batching.queueCapacity()),
        registry,
        observations);
  }
}
