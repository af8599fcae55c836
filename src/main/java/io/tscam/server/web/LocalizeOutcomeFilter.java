package io.tscam.server.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Counts every /localize and /localize/batch request by outcome ({@code tscam.requests}; a batch
 * counts once), whichever layer answered it: the controller, the exception handler or the multipart
 * parser.
 */
@Component
@Order(LocalizeOutcomeFilter.ORDER)
class LocalizeOutcomeFilter extends OncePerRequestFilter {

  /** After Spring's own filters (character encoding, request context), before admission. */
  static final int ORDER = 0;

  private final MeterRegistry registry;

  LocalizeOutcomeFilter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !LocalizeController.localizes(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      chain.doFilter(request, response);
    } finally {
      counter(outcome(response.getStatus())).increment();
    }
  }

  private Counter counter(String outcome) {
    return Counter.builder("tscam.requests")
        .description("POST /localize requests by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  static String outcome(int status) {
    if (status < 400) {
      return "success";
    }
    if (status == 503) {
      return "unavailable";
    }
    return status < 500 ? "client_error" : "server_error";
  }
}
