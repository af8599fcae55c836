package io.tscam.server.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Answers a refused caller: the RFC 6750 {@code WWW-Authenticate} challenge, then the problem
 * detail from the web layer's exception handler, never a login page or a redirect. Counts each
 * refusal by reason ({@code tscam.security.rejections}). The challenge is written here rather than
 * by Spring Security's bearer-token entry point, which also names an OAuth2 resource metadata URL
 * that an API-key server does not have.
 */
final class RejectionHandler implements AuthenticationEntryPoint, AccessDeniedHandler {

  static final String REALM = "tscam";

  /** Why a caller was turned away, as the metric's {@code reason} tag. */
  enum Reason {
    /** No credentials at all. */
    MISSING,
    /** A key or token that was not accepted (unknown, expired, wrong audience, bad signature). */
    INVALID,
    /** Authenticated, but not allowed this endpoint. */
    FORBIDDEN;

    String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final HandlerExceptionResolver problems;
  private final Map<Reason, Counter> rejections = new EnumMap<>(Reason.class);

  /** Registers every reason's counter at 0, so that a rate over it exists before the first one. */
  RejectionHandler(HandlerExceptionResolver problems, MeterRegistry registry) {
    this.problems = problems;
    for (Reason reason : Reason.values()) {
      rejections.put(
          reason,
          Counter.builder("tscam.security.rejections")
              .description("Requests refused for missing or invalid credentials, or not allowed")
              .tag("reason", reason.tag())
              .register(registry));
    }
  }

  @Override
  public void commence(
      HttpServletRequest request, HttpServletResponse response, AuthenticationException refused) {
    boolean missing = refused instanceof InsufficientAuthenticationException;
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE,
        missing ? challenge() : challenge("invalid_token", "the key or token was not accepted"));
    rejections.get(missing ? Reason.MISSING : Reason.INVALID).increment();
    problems.resolveException(request, response, null, refused);
  }

  @Override
  public void handle(
      HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied) {
    response.setHeader(
        HttpHeaders.WWW_AUTHENTICATE,
        challenge("insufficient_scope", "the credentials do not allow this request"));
    rejections.get(Reason.FORBIDDEN).increment();
    problems.resolveException(request, response, null, denied);
  }

  /** RFC 6750 section 3; the description is fixed text, never the key or token sent. */
  private static String challenge(String error, String description) {
    return challenge() + ", error=\"" + error + "\", error_description=\"" + description + "\"";
  }

  private static String challenge() {
    return "Bearer realm=\"" + REALM + "\"";
  }
}
