package io.tscam.server.evaluation;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.tscam.server.config.TsCamProperties;
import io.tscam.server.inference.InvalidModelException;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.PackageLocator;
import io.tscam.server.localization.Localizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code evaluate}: WSOL metrics of the served model over a CUB-layout dataset or an ILSVRC val
 * list, every image going through the pipeline /localize uses. Starts the application without a web
 * server, writes report.json, the accuracy-per-threshold CSV and its plot, and answers an exit
 * status: 0 done, 1 bad dataset or model, 2 bad command line, each failure told in one line.
 */
public final class EvaluationCommand {

  public static final String NAME = "evaluate";

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  /** The batching queue's requests per session run (published as tscam_batch_size). */
  private static final String BATCH_SIZE_METER = "tscam.batch.size";

  /**
   * Keeps the console for the evaluation's own lines: startup logging is quiet and a failed startup
   * is reported here in one line rather than by Spring's failure report.
   */
  private static final Map<String, Object> QUIET_STARTUP =
      Map.of(
          "logging.level.root", "WARN",
          "logging.level.org.springframework.boot.SpringApplication", "OFF",
          "logging.level.org.springframework.boot.diagnostics", "OFF",
          "logging.level.org.springframework.context", "ERROR");

  private final Class<?> application;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;

  /**
   * @param application the Spring Boot application class whose pipeline is evaluated
   * @param terminal whether {@code out} is a terminal (a redrawn progress bar) or not (lines)
   */
  public EvaluationCommand(
      Class<?> application, PrintStream out, PrintStream err, boolean terminal) {
    this.application = application;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
  }

  /** Whether a command line asks for this command: its first argument is {@value #NAME}. */
  public static boolean isInvokedBy(String[] args) {
    return args.length > 0 && NAME.equals(args[0]);
  }

  /**
   * Runs the command.
   *
   * @param args the arguments after the command name
   * @return the exit status
   */
  public int run(String... args) {
    try {
      EvaluationOptions options = EvaluationOptions.parse(args);
      if (options.help()) {
        out.print(EvaluationOptions.HELP);
        return EXIT_OK;
      }
      return evaluate(options);
    } catch (UsageException e) {
      return fail(EXIT_USAGE, e.getMessage() + " (" + EvaluationOptions.USAGE + ")");
    } catch (DatasetException e) {
      return fail(EXIT_FAILED, e.getMessage());
    } catch (RuntimeException e) {
      return fail(EXIT_FAILED, describe(e));
    }
  }

  private int evaluate(EvaluationOptions options) {
    EvaluationDataset dataset = readDataset(options);
    if (options.limit() != null) {
      dataset = dataset.firstImages(options.limit());
    }
    if (dataset.images().isEmpty()) {
      throw new DatasetException(
          dataset.root(), "the " + dataset.splitLabel() + " split has no images");
    }
    try (ConfigurableApplicationContext context = startPipeline(options)) {
      ModelDescriptor model = context.getBean(ModelDescriptor.class);
      dataset.requireClassesWithin(model.labels().size());
      double threshold = options.threshold() != null ? options.threshold() : model.camThreshold();
      TsCamProperties properties = context.getBean(TsCamProperties.class);
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      EvaluationRun run =
          new EvaluationRun(
              context.getBean(Localizer.class),
              model,
              context.getBean(PackageLocator.Located.class).modelPackage().directory(),
              threshold,
              imagesInFlight(properties.batching()),
              options.evidence(),
              () -> forwardPasses(registry));
      run.execute(dataset, new ReportWriter(options.out()), out, terminal);
    }
    return EXIT_OK;
  }

  private static EvaluationDataset readDataset(EvaluationOptions options) {
    return options.ilsvrcList() != null
        ? IlsvrcList.read(options.ilsvrcList(), options.images())
        : CubDataset.read(options.dataset(), options.split());
  }

  /**
   * Enough images in flight for two full batches (one running, one gathering) without ever
   * overfilling the batching queue, which would refuse them.
   */
  private static int imagesInFlight(TsCamProperties.Batching batching) {
    return Math.max(1, Math.min(batching.queueCapacity(), 2 * batching.maxSize()));
  }

  /** Images the model has run: the sum of the batching queue's batch sizes. */
  private static long forwardPasses(MeterRegistry registry) {
    DistributionSummary batches = registry.find(BATCH_SIZE_METER).summary();
    return batches == null ? 0 : Math.round(batches.totalAmount());
  }

  private ConfigurableApplicationContext startPipeline(EvaluationOptions options) {
    SpringApplication spring = new SpringApplication(application);
    spring.setWebApplicationType(WebApplicationType.NONE);
    spring.setBannerMode(Banner.Mode.OFF);
    spring.setLogStartupInfo(false);
    spring.setDefaultProperties(QUIET_STARTUP);
    List<String> springArgs = new ArrayList<>();
    if (options.model() != null) {
      springArgs.add("--tscam.model.dir=" + options.model());
    }
    return spring.run(springArgs.toArray(String[]::new));
  }

  /** The cause a user can act on, in one line: a bad model package, else the deepest message. */
  private static String describe(Throwable failure) {
    Throwable deepest = failure;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof InvalidModelException || cause instanceof DatasetException) {
        return cause.getMessage();
      }
      deepest = cause;
    }
    String message = deepest.getMessage();
    return message == null || message.isBlank() ? deepest.getClass().getSimpleName() : message;
  }

  private int fail(int status, String message) {
    err.println(NAME + ": " + message.replace('\n', ' '));
    err.flush();
    return status;
  }
}
