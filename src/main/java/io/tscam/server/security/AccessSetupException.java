package io.tscam.server.security;

/**
 * The configured access control cannot be set up (an unusable API key file, a JWT mode without an
 * issuer); the message names what is wrong, never a key.
 */
class AccessSetupException extends RuntimeException {

  AccessSetupException(String message) {
    super(message);
  }
}
