package io.tscam.server.hardening;

import static io.tscam.server.hardening.ApiKeyAccessTest.assertRefused;
import static io.tscam.server.hardening.LocalizeClient.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code tscam.security.mode=jwt} over real HTTP, with an identity provider made in the test: an
 * RSA key pair whose public half is served as a JWK set from 127.0.0.1. A token it signed for this
 * audience with the required scope is served; an expired one, one for another audience and one
 * signed by another key are refused with a 401 problem and an {@code invalid_token} challenge; a
 * valid one without the scope gets a 403 problem and an {@code insufficient_scope} challenge.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tscam.model.dir=src/test/resources/models/tiny",
      "tscam.security.mode=jwt",
      "tscam.security.jwt.audience=" + JwtAccessTest.AUDIENCE,
      "tscam.security.jwt.required-scope=" + JwtAccessTest.SCOPE
    })
@ExtendWith(OutputCaptureExtension.class)
class JwtAccessTest {

  static final String AUDIENCE = "tscam-api";
  static final String SCOPE = "tscam.localize";
  private static final String KEY_ID = "test-signing-key";
  private static final RSAKey SIGNING_KEY = rsaKey();
  private static final RSAKey IMPOSTOR_KEY = rsaKey();
  private static final HttpServer JWKS = serveJwkSet(new JWKSet(SIGNING_KEY.toPublicJWK()));

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  private LocalizeClient anonymous;

  @DynamicPropertySource
  static void identityProvider(DynamicPropertyRegistry registry) {
    registry.add(
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
        () -> "http://127.0.0.1:" + JWKS.getAddress().getPort() + "/jwks.json");
  }

  @AfterAll
  static void stopIdentityProvider() {
    JWKS.stop(0);
  }

  @BeforeEach
  void connect() {
    anonymous = new LocalizeClient(port);
  }

  @Test
  void aValidTokenForThisAudienceIsServed(CapturedOutput output) {
    String token = token(SIGNING_KEY, AUDIENCE, Instant.now().plus(Duration.ofMinutes(5)));
    LocalizeClient caller = anonymous.with("Authorization", "Bearer " + token);

    assertThat(caller.get("/model").statusCode()).isEqualTo(200);
    caller.assertStillServes();
    assertThat(output.getAll()).doesNotContain(token);
  }

  @Test
  void aValidTokenWithoutTheRequiredScopeIsForbiddenAndCounted(CapturedOutput output) {
    LocalizeClient management = new LocalizeClient(managementPort);
    double forbidden =
        management.counter("tscam_security_rejections_total", "reason=\"forbidden\"");
    double invalid = management.counter("tscam_security_rejections_total", "reason=\"invalid\"");
    String token =
        token(SIGNING_KEY, AUDIENCE, Instant.now().plusSeconds(300), "openid tscam.admin");

    HttpResponse<String> refused = anonymous.with("Authorization", "Bearer " + token).get("/model");

    assertProblem(refused, 403, "forbidden");
    assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer ")
        .contains("error=\"insufficient_scope\"");
    assertThat(refused.body()).doesNotContain(token);
    assertThat(output.getAll()).doesNotContain(token);
    assertThat(management.counter("tscam_security_rejections_total", "reason=\"forbidden\""))
        .isEqualTo(forbidden + 1);
    assertThat(management.counter("tscam_security_rejections_total", "reason=\"invalid\""))
        .isEqualTo(invalid);
  }

  @Test
  void noTokenIsRefusedWithABearerChallenge() {
    HttpResponse<String> refused = anonymous.get("/model");

    assertRefused(refused);
    assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"tscam\"");
  }

  @Test
  void anExpiredTokenIsRefused(CapturedOutput output) {
    String expired = token(SIGNING_KEY, AUDIENCE, Instant.now().minus(Duration.ofMinutes(10)));

    assertInvalidToken(expired);
    assertThat(output.getAll()).doesNotContain(expired);
  }

  @Test
  void aTokenForAnotherAudienceIsRefused() {
    assertInvalidToken(token(SIGNING_KEY, "another-api", Instant.now().plusSeconds(300)));
  }

  @Test
  void aTokenSignedByAnotherKeyIsRefused() {
    assertInvalidToken(token(IMPOSTOR_KEY, AUDIENCE, Instant.now().plusSeconds(300)));
  }

  private void assertInvalidToken(String token) {
    HttpResponse<String> refused = anonymous.with("Authorization", "Bearer " + token).get("/model");

    assertRefused(refused);
    assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
        .startsWith("Bearer ")
        .contains("error=\"invalid_token\"");
    assertThat(refused.body()).doesNotContain(token);
  }

  /** A token with the required scope among others. */
  private static String token(RSAKey key, String audience, Instant expires) {
    return token(key, audience, expires, "openid " + SCOPE);
  }

  /** A token as an identity provider signs it; the impostor uses the same key id. */
  private static String token(RSAKey key, String audience, Instant expires, String scope) {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .claim("scope", scope)
            .subject("test-client")
            .issuer("https://idp.example.test")
            .audience(audience)
            .issueTime(Date.from(expires.minus(Duration.ofMinutes(30))))
            .expirationTime(Date.from(expires))
            .build();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(KEY_ID).build(), claims);
    try {
      jwt.sign(new RSASSASigner(key));
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
    return jwt.serialize();
  }

  private static RSAKey rsaKey() {
    try {
      return new RSAKeyGenerator(2048).keyID(KEY_ID).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpServer serveJwkSet(JWKSet publicKeys) {
    byte[] body = publicKeys.toString().getBytes(StandardCharsets.UTF_8);
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/jwks.json",
          exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
