package io.tscam.server.security;

/** How callers of the API prove who they are ({@code tscam.security.mode}). */
enum SecurityMode {
  /** Nobody is asked: for a laptop, or behind something that authenticates already. */
  NONE,
  /** {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}, keys from a mounted file. */
  API_KEY,
  /** A JWT from an OAuth2 issuer, checked against its JWK set and the configured audience. */
  JWT
}
