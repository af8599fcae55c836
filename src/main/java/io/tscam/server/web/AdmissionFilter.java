package io.tscam.server.web;

import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.QueueFullException;
import io.tscam.server.localization.Localizer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The one admission decision for POST /localize, taken before the body is read: 503 with
 * Retry-After while the app is not ready, or when the inference queue has no room; otherwise the
 * upload's place in the queue is taken ({@link Localizer#admit()}) and handed to the controller as
 * a request attribute, and given back when the request ends. Under overload, parsing and buffering
 * uploads that are refused anyway took most of the CPU from the requests being served. Runs inside
 * {@link LocalizeOutcomeFilter}, so refusals are counted.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Order(AdmissionFilter.ORDER)
class AdmissionFilter extends OncePerRequestFilter {

  static final int ORDER = LocalizeOutcomeFilter.ORDER + 1;

  /** The request attribute holding the admitted upload's {@link InferenceQueue.Arrival}. */
  static final String ARRIVAL = "io.tscam.server.web.AdmissionFilter.arrival";

  private final Localizer localizer;
  private final ApplicationAvailability availability;
  private final HandlerExceptionResolver exceptionResolver;

  AdmissionFilter(
      Localizer localizer,
      ApplicationAvailability availability,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver) {
    this.localizer = localizer;
    this.availability = availability;
    this.exceptionResolver = exceptionResolver;
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod())
        || !LocalizeController.PATH.equals(request.getRequestURI());
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    InferenceQueue.Arrival arrival;
    try {
      arrival = admit();
    } catch (ServiceNotReadyException | QueueFullException refused) {
      exceptionResolver.resolveException(request, response, null, refused);
      return;
    }
    try (arrival) {
      request.setAttribute(ARRIVAL, arrival);
      chain.doFilter(request, response);
    }
  }

  private InferenceQueue.Arrival admit() {
    if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
      throw new ServiceNotReadyException();
    }
    return localizer.admit();
  }
}
