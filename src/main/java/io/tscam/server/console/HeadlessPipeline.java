package io.tscam.server.console;

import io.tscam.server.config.TsCamProperties;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.InvalidModelException;
import io.tscam.server.inference.OnnxModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application started for a command rather than for serving: the same beans (model, session,
 * batching queue, Localizer) without a web server, quiet while it starts so that the console keeps
 * the command's own lines.
 */
public final class HeadlessPipeline {

  /** The fewest images a command keeps in flight per inference worker. */
  private static final int IMAGES_PER_WORKER = 8;

  /**
   * A command's defaults, each overridable like any Spring property. Startup logging is quiet and a
   * failed startup is reported by the command in one line rather than by Spring's failure report.
   * The pipeline's spans (tscam.span.*) are off: a command has no server span to hang them on and
   * no caller's trace to follow, and the tracing path they run keeps the JIT compiling well into a
   * run, on the cores the model needs. Metrics stay: evaluate reads them.
   */
  private static final Map<String, Object> COMMAND_DEFAULTS =
      Map.of(
          "logging.level.root", "WARN",
          "logging.level.org.springframework.boot.SpringApplication", "OFF",
          "logging.level.org.springframework.boot.diagnostics", "OFF",
          "logging.level.org.springframework.context", "ERROR",
          "management.observations.enable.tscam.span", "false");

  private HeadlessPipeline() {}

  /**
   * Starts the application without a web server.
   *
   * @param model the model package folder; null for the configured one (tscam.model.dir)
   */
  public static ConfigurableApplicationContext start(Class<?> application, Path model) {
    SpringApplication spring = new SpringApplication(application);
    spring.setWebApplicationType(WebApplicationType.NONE);
    spring.setBannerMode(Banner.Mode.OFF);
    spring.setLogStartupInfo(false);
    spring.setDefaultProperties(COMMAND_DEFAULTS);
    List<String> springArgs = new ArrayList<>();
    if (model != null) {
      springArgs.add("--tscam.model.dir=" + model);
    }
    return spring.run(springArgs.toArray(String[]::new));
  }

  /**
   * How many images a command keeps in the pipeline at once: two rounds of full batches on every
   * worker (one running, one gathering) and at least {@value #IMAGES_PER_WORKER} a worker, without
   * ever overfilling the batching queue, which would refuse them. The commands take results in
   * input order, so an image that takes long holds back the refill behind it: with one image per
   * CPU worker run, two rounds alone (four images on two cores) left the workers waiting.
   */
  public static int imagesInFlight(ConfigurableApplicationContext context) {
    TsCamProperties.Batching batching = context.getBean(TsCamProperties.class).batching();
    int batchLimit = context.getBean(InferenceQueue.class).batchLimit();
    int workers = context.getBean(OnnxModel.class).parallelism().workers();
    int wanted = workers * Math.max(2 * batchLimit, IMAGES_PER_WORKER);
    return Math.max(1, Math.min(batching.queueCapacity(), wanted));
  }

  /**
   * The cause a user can act on, in one line: a bad model package or a failure the command words
   * for its user itself, else the deepest message.
   */
  public static String describe(Throwable failure, Predicate<Throwable> toldAsIs) {
    Throwable deepest = failure;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidModelException || toldAsIs.test(cause)) {
        return cause.getMessage();
      }
      deepest = cause;
    }
    String message = deepest.getMessage();
    return message == null || message.isBlank() ? deepest.getClass().getSimpleName() : message;
  }
}
