package io.tscam.server.web;

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
 * 503 with Retry-After while the app is not ready, or when the inference queue has no room;
 * otherwise the upload's place in the queue is taken ({@link Localizer#admit()}) and handed to the
 * controller as a request attribute, and given back when the request ends. A batch learns how many
 * images it carries only from its body: it holds one place from here, and takes one for each
 * further image once they are counted ({@link Admission#forImages}), or is refused whole. Under
 * overload, parsing and buffering uploads that are refused anyway took most of the CPU from the
 * requests being served. Runs inside {@link LocalizeOutcomeFilter}, so refusals are counted.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Order(AdmissionFilter.ORDER)
class AdmissionFilter extends OncePerRequestFilter {

  static final int ORDER = LocalizeOutcomeFilter.ORDER + 1;

  /** The request attribute holding the admitted upload's {@link InferenceQueue.Arrival}. */
  static final String ARRIVAL = "io.tscam.server.web.AdmissionFilter.arrival";

  /** The request attribute holding all the request's places ({@link Admission}). */
  static final String ADMISSION = "io.tscam.server.web.AdmissionFilter.admission";

  private final Localizer localizer;
  private final ApplicationAvailability availability;
  private final HandlerExceptionResolver exceptionResolver;
  private volatile boolean closing;

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
    return !"POST".equals(request.getMethod()) || !LocalizeController.localizes(request);
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    Admission admission;
    try {
      admission = new Admission(admit());
    } catch (ServiceNotReadyException | QueueRefusalException refused) {
      exceptionResolver.resolveException(request, response, null, refused);
      return;
    }
    try (admission) {
      request.setAttribute(ARRIVAL, admission.first());
      request.setAttribute(ADMISSION, admission);
      chain.doFilter(request, response);
    }
  }

  /** The places in the queue one request holds; all given back when the request ends. */
  final class Admission implements AutoCloseable {

    private final List<InferenceQueue.Arrival> arrivals = new ArrayList<>();

    private Admission(InferenceQueue.Arrival first) {
      arrivals.add(first);
    }

    InferenceQueue.Arrival first() {
      return arrivals.get(0);
    }

    /**
     * One place per image: the one taken before the body was read and one more for each further
     * image, all or none.
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
        close();
        throw refused;
      }
      return List.copyOf(arrivals.subList(0, count));
    }

    @Override
    public void close() {
      arrivals.forEach(InferenceQueue.Arrival::close);
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

  private InferenceQueue.Arrival admit() {
    if (closing) {
      throw new ShuttingDownException();
    }
    if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
      throw new ServiceNotReadyException();
    }
    return localizer.admit();
  }
}
