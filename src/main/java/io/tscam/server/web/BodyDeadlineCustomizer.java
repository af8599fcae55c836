package io.tscam.server.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/** Installs the {@link BodyDeadlineValve} in the API's Tomcat, with its counter. */
@Component
class BodyDeadlineCustomizer implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

  private final UploadPolicy policy;
  private final MeterRegistry registry;

  BodyDeadlineCustomizer(UploadPolicy policy, MeterRegistry registry) {
    this.policy = policy;
    this.registry = registry;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    Counter expired =
        Counter.builder("tscam.upload.timeouts")
            .description("Request bodies cut off at tscam.upload.body-timeout (answered 408)")
            .register(registry);
    factory.addEngineValves(new BodyDeadlineValve(policy.bodyTimeout(), expired));
  }
}
