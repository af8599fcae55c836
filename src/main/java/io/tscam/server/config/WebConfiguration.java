package io.tscam.server.config;

import io.tscam.server.web.BatchLimit;
import io.tscam.server.web.UploadLimit;
import io.tscam.server.web.UploadPolicy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;

/** Web-facing values that the API quotes back to clients. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration {

  @Bean
  UploadLimit uploadLimit(@Value("${spring.servlet.multipart.max-file-size:1MB}") DataSize max) {
    return new UploadLimit(max);
  }

  @Bean
  UploadPolicy uploadPolicy(TsCamProperties properties) {
    return new UploadPolicy(properties.upload().maxInFlight(), properties.upload().bodyTimeout());
  }

  @Bean
  BatchLimit batchLimit(TsCamProperties properties) {
    return new BatchLimit(properties.batch().maxImages());
  }
}
