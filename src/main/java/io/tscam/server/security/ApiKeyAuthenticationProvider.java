package io.tscam.server.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * Accepts a presented API key that the key file holds. A refused key is reported like a refused
 * bearer token (RFC 6750 {@code invalid_token}), since it may have come as one.
 */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

  private final ApiKeyFile keys;

  ApiKeyAuthenticationProvider(ApiKeyFile keys) {
    this.keys = keys;
  }

  @Override
  public Authentication authenticate(Authentication presented) {
    if (!keys.accepts((String) presented.getCredentials())) {
      throw new InvalidBearerTokenException("the API key is not valid");
    }
    return ApiKeyAuthentication.accepted();
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return ApiKeyAuthentication.class.isAssignableFrom(authentication);
  }
}
