package io.tscam.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;

/**
 * Which other origins' pages may call the API from a browser: none unless {@code
 * tscam.cors.allowed-origins} names them. They may send the credentials headers and read the
 * answers' Retry-After and WWW-Authenticate.
 */
final class CorsPolicy implements CorsConfigurationSource {

  private final CorsConfiguration configuration;

  CorsPolicy(CorsProperties properties) {
    if (properties.allowedOrigins().isEmpty()) {
      this.configuration = null;
      return;
    }
    CorsConfiguration allowed = new CorsConfiguration();
    allowed.setAllowedOrigins(properties.allowedOrigins());
    allowed.setAllowedMethods(List.of("GET", "POST"));
    allowed.setAllowedHeaders(
        List.of(
            HttpHeaders.AUTHORIZATION,
            ApiKeyConverter.API_KEY_HEADER,
            HttpHeaders.CONTENT_TYPE,
            HttpHeaders.ACCEPT));
    allowed.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE));
    allowed.setMaxAge(Duration.ofHours(1));
    this.configuration = allowed;
  }

  @Override
  public CorsConfiguration getCorsConfiguration(HttpServletRequest request) {
    return configuration;
  }
}
