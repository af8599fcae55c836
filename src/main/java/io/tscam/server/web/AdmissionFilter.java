package io.tscam.server.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.QueueRefusalException;
import io.tscam.server.inference.ShuttingDownException;
import io.tscam.server.localization.Localizer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The one admission decision for POST /localize and /localize/batch, taken before the body is read:
 * 503 with Retry-After while the app is not ready, when the inference queue is full, or when every
 * upload slot is taken ({@link UploadSlots}). An admitted request holds an upload slot until it
 * ends, but a place in the inference queue only once its body has arrived ({@link
 * Admission#forImages}, called by the controllers): a client that sends its body slowly, or not at
 * all, holds no place that others are waiting for, and {@link BodyDeadlineValve} cuts it off at
 * tscam.upload.body-timeout. Under overload, parsing uploads that are refused anyway took most of
 * the CPU from the requests being served, so a full queue still refuses before the body is read.
 * Runs inside {@link LocalizeOutcomeFilter}, so refusals are counted.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Order(AdmissionFilter.ORDER)
class AdmissionFilter extends OncePerRequestFilter {

  static final int ORDER = LocalizeOutcomeFilter.ORDER + 1;

  /** The request attribute holding the request's {@link Admission}. */
  static final String ADMISSION = "io.tscam.server.web.AdmissionFilter.admission";

  private final Localizer localizer;
  private final ApplicationAvailability availability;
  private final HandlerExceptionResolver exceptionResolver;
  private final UploadSlots uploads;
  private volatile boolean closing;

  AdmissionFilter(
      Localizer localizer,
      ApplicationAvailability availability,
      @Qualifier("handlerExceptionResolver") HandlerExceptionResolver exceptionResolver,
      UploadPolicy policy,
      MeterRegistry registry) {
    this.localizer = localizer;
    this.availability = availability;
    this.exceptionResolver = exceptionResolver;
    this.uploads = new UploadSlots(policy.maxInFlight(), registry);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    return !"POST".equals(request.getMethod()) || !LocalizeController.localizes(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Admission admission;
    try {
      admission = admit();
    } catch (ServiceNotReadyException | QueueRefusalException | UploadsBusyException refused) {
      exceptionResolver.resolveException(request, response, null, refused);
      return;
    }
    try (admission) {
      request.setAttribute(ADMISSION, admission);
      chain.doFilter(request, response);
    }
  }

  private Admission admit() {
    if (closing) {
      throw new ShuttingDownException();
    }
    if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
      throw new ServiceNotReadyException();
    }
    // Only a look at the queue: the place itself is taken once the body is in.
    localizer.checkRoom();
    return new Admission(uploads.take());
  }

  /** An admitted request: its upload slot, and its places in the queue once it takes them. */
  final class Admission implements AutoCloseable {

    private final Runnable slot;
    private final List<InferenceQueue.Arrival> arrivals = new ArrayList<>();

    private Admission(Runnable slot) {
      this.slot = slot;
    }

    /**
     * One place in the queue per image, taken once the request's body has been read, all or none.
     *
     * @throws QueueRefusalException when the queue cannot take them all, or closes (503); the
     *     request then holds no place at all
     */
    List<InferenceQueue.Arrival> forImages(int count) {
      try {
        while (arrivals.size() < count) {
          arrivals.add(localizer.admit());
        }
      } catch (QueueRefusalException refused) {
        releasePlaces();
        throw refused;
      }
      return List.copyOf(arrivals.subList(0, count));
    }

    private void releasePlaces() {
      arrivals.forEach(InferenceQueue.Arrival::close);
      arrivals.clear();
    }

    @Override
    public void close() {
      releasePlaces();
      slot.run();
    }
  }

  /**
   * From here on the app is shutting down: readiness turns to refusing traffic as it does before
   * warm-up, but a caller should hear that this instance is going away, not that it is warming up.
   */
  @EventListener(ContextClosedEvent.class)
  void contextClosing() {
    closing = true;
  }
}
