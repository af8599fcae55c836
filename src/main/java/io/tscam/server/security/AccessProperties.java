package io.tscam.server.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the API (env {@code TSCAM_SECURITY_MODE}, {@code TSCAM_SECURITY_API_KEYS_FILE},
 * {@code TSCAM_SECURITY_JWT_AUDIENCE}). Off by default, so that {@code mvn spring-boot:run} and the
 * demo work as before; the Helm chart refuses an Ingress without it unless told otherwise.
 */
@Validated
@ConfigurationProperties("tscam.security")
record AccessProperties(
    @NotNull @DefaultValue("none") SecurityMode mode,
    Path apiKeysFile,
    @Valid @NotNull @DefaultValue Jwt jwt) {

  /**
   * @param audience the audience ({@code aud}) every accepted token must name, e.g. this service's
   *     client id
   * @param requiredScope a scope every accepted token must hold in its {@code scope} or {@code scp}
   *     claim (a valid token without it gets 403); unset: any valid token
   */
  record Jwt(
      String audience,
      @Pattern(regexp = "[!#-\\[\\]-~]+", message = "a scope is one token without spaces or quotes")
          String requiredScope) {

    /**
     * The authority Spring Security grants a token holding the required scope (its JWT converter
     * prefixes each scope with {@code SCOPE_}), or null when no scope is required.
     */
    String requiredAuthority() {
      return requiredScope == null ? null : "SCOPE_" + requiredScope;
    }
  }

  @AssertTrue(message = "tscam.security.mode=api-key needs tscam.security.api-keys-file")
  boolean isApiKeysFileSetForApiKeyMode() {
    return mode != SecurityMode.API_KEY || apiKeysFile != null;
  }

  @AssertTrue(message = "tscam.security.mode=jwt needs tscam.security.jwt.audience")
  boolean isAudienceSetForJwtMode() {
    return mode != SecurityMode.JWT || (jwt.audience() != null && !jwt.audience().isBlank());
  }
}
