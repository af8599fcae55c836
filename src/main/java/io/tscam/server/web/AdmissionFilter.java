package io.tscam.server.web;

import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.QueueFullException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Refuses an upload with the usual 503 problem and Retry-After before its body is read while the
 * inference queue is full. Under overload, parsing and buffering uploads that will be refused
 * anyway took most of the CPU from the requests being served. Only a fast path: the queue still
 * decides for every upload let through. Runs inside {@link LocalizeOutcomeFilter}, so refusals are
 * counted.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Order(AdmissionFilter.ORDER)
class AdmissionFilter extends OncePerRequestFilter {

  static final int ORDER = LocalizeOutcomeFilter.ORDER + 1;

  private final InferenceQueue queue;
  private final HandlerExceptionResolver exceptionResolver;

  AdmissionFilter(
      InferenceQueue queue,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
    this.queue = queue;
    this.exceptionResolver = exceptionResolver;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !"/localize".equals(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    try {
      queue.refuseIfFull();
    } catch (QueueFullException full) {
      exceptionResolver.resolveException(request, response, null, full);
      return;
    }
    chain.doFilter(request, response);
  }
}
