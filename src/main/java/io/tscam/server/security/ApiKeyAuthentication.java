package io.tscam.server.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An API key as presented (not yet checked), or a caller whose key was accepted. The key itself is
 * only held until it is checked; {@code toString} never shows it.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

  private static final String CLIENT = "api-key-client";

  private String key;

  private ApiKeyAuthentication(String key, boolean authenticated) {
    super(List.of());
    this.key = key;
    setAuthenticated(authenticated);
  }

  static ApiKeyAuthentication presented(String key) {
    return new ApiKeyAuthentication(key, false);
  }

  static ApiKeyAuthentication accepted() {
    return new ApiKeyAuthentication(null, true);
  }

  @Override
  public Object getCredentials() {
    return key;
  }

  @Override
  public Object getPrincipal() {
    return CLIENT;
  }

  @Override
  public void eraseCredentials() {
    key = null;
    super.eraseCredentials();
  }
}
