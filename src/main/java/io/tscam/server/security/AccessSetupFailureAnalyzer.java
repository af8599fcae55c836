package io.tscam.server.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns an access control that cannot be set up into one clear line instead of a stack trace. */
class AccessSetupFailureAnalyzer extends AbstractFailureAnalyzer<AccessSetupException> {

  @Override
  protected FailureAnalysis analyze(Throwable root, AccessSetupException cause) {
    return new FailureAnalysis(
        "Access control cannot be set up: " + cause.getMessage(),
        "For tscam.security.mode=api-key point tscam.security.api-keys-file at a readable file "
            + "with one key, or sha256:<hex> of one, per line; for jwt set "
            + "spring.security.oauth2.resourceserver.jwt.issuer-uri or jwk-set-uri "
            + "(docs/deployment.md, 'Expose it safely').",
        cause);
  }
}
