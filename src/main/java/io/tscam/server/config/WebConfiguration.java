package io.tscam.server.config;

import io.tscam.server.web.BatchLimit;
import io.tscam.server.web.UploadLimit;
import io.tscam.server.web.UploadPolicy;
import io.tscam.server.web.upload.MultipartLimits;
import io.tscam.server.web.upload.StreamingMultipartResolver;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Web-facing values that the API quotes back to clients, and the multipart parser. Spring Boot's
 * own multipart support is off (spring.servlet.multipart.enabled=false, so Tomcat never parses a
 * body itself); its properties still configure {@link StreamingMultipartResolver}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MultipartProperties.class)
class WebConfiguration {

  @Bean
  UploadLimit uploadLimit(MultipartProperties multipart) {
    return new UploadLimit(multipart.getMaxFileSize());
  }

  @Bean
  UploadPolicy uploadPolicy(TsCamProperties properties) {
    return new UploadPolicy(properties.upload().maxInFlight(), properties.upload().bodyTimeout());
  }

  @Bean
  BatchLimit batchLimit(TsCamProperties properties) {
    return new BatchLimit(properties.batch().maxImages());
  }

  /** Only where Tomcat serves: the evaluate and label commands run without a web server. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
  static class Uploads {

    @Bean(DispatcherServlet.MULTIPART_RESOLVER_BEAN_NAME)
    StreamingMultipartResolver multipartResolver(
        MultipartProperties multipart, TomcatServerProperties tomcat) {
      MultipartLimits limits =
          new MultipartLimits(
              multipart.getMaxFileSize().toBytes(),
              multipart.getMaxRequestSize().toBytes(),
              multipart.getFileSizeThreshold().toBytes(),
              tomcat.getMaxPartCount(),
              Math.toIntExact(tomcat.getMaxPartHeaderSize().toBytes()),
              tomcat.getMaxHttpFormPostSize().toBytes());
      return new StreamingMultipartResolver(limits, multipart.getLocation());
    }
  }
}
