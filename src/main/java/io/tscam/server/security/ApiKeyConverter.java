package io.tscam.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads an API key from {@code X-API-Key: <key>} or {@code Authorization: Bearer <key>}; no key
 * means an anonymous caller, whom authorization then turns away from the protected endpoints.
 */
final class ApiKeyConverter implements AuthenticationConverter {

  static final String API_KEY_HEADER = "X-API-Key";
  private static final String BEARER = "Bearer ";

  @Override
  public Authentication convert(HttpServletRequest request) {
    String apiKey = request.getHeader(API_KEY_HEADER);
    if (apiKey != null && !apiKey.isBlank()) {
      return ApiKeyAuthentication.presented(apiKey.strip());
    }
    String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return ApiKeyAuthentication.presented(authorization.substring(BEARER.length()).strip());
    }
    return null;
  }
}
