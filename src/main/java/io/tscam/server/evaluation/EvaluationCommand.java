package io.tscam.server.evaluation;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.tscam.server.config.CommandInterruption;
import io.tscam.server.console.HeadlessPipeline;
import io.tscam.server.console.UsageException;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.PackageLocator;
import io.tscam.server.localization.Localizer;
import java.io.PrintStream;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code evaluate}: WSOL metrics of the served model over a CUB-layout dataset or an ILSVRC val
 * list, every image going through the pipeline /localize uses. Starts the application without a web
 * server, writes report.json, the accuracy-per-threshold CSV and its plot, and answers an exit
 * status: 0 done, 1 bad dataset or model, 2 bad command line, 128 + the signal's number when SIGINT
 * or SIGTERM cut it short ({@link CommandInterruption}; no report then), each failure told in one
 * line.
 */
public final class EvaluationCommand {

  public static final String NAME = "evaluate";

  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;

  /** The batching queue's requests per session run, per lane (published as tscam_batch_size). */
  private static final String BATCH_SIZE_METER = "tscam.batch.size";

  private final Class<?> application;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private final CommandInterruption interruption;

  /**
   * @param application the Spring Boot application class whose pipeline is evaluated
   * @param terminal whether {@code out} is a terminal (a redrawn progress bar) or not (lines)
   * @param interruption what tells a run cut short by a signal from a failed one
   */
  public EvaluationCommand(
      Class<?> application,
      PrintStream out,
      PrintStream err,
      boolean terminal,
      CommandInterruption interruption) {
    this.application = application;
    this.out = out;
    this.err = err;
    this.terminal = terminal;
    this.interruption = interruption;
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
      return interruption.interrupted()
          ? fail(interruption.exitStatus(), interruption.describe() + "; no report written")
          : fail(EXIT_FAILED, describe(e));
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
    try (ConfigurableApplicationContext context =
        HeadlessPipeline.start(application, options.model())) {
      interruption.closesOnSignal(context);
      ModelDescriptor model = context.getBean(ModelDescriptor.class);
      dataset.requireClassesWithin(model.labels().size());
      double threshold = options.threshold() != null ? options.threshold() : model.camThreshold();
      MeterRegistry registry = context.getBean(MeterRegistry.class);
      EvaluationRun run =
          new EvaluationRun(
              context.getBean(Localizer.class),
              model,
              context.getBean(PackageLocator.Located.class).modelPackage().directory(),
              threshold,
              HeadlessPipeline.imagesInFlight(context),
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

  /** Images the model has run: the sum of the batching queue's batch sizes. */
  private static long forwardPasses(MeterRegistry registry) {
    // One series per inference lane (workers, latency): every image ran on one of them.
    return Math.round(
        registry.find(BATCH_SIZE_METER).summaries().stream()
            .mapToDouble(DistributionSummary::totalAmount)
            .sum());
  }

  /** The cause a user can act on, in one line: a bad model package or dataset, else the deepest. */
  private static String describe(Throwable failure) {
    return HeadlessPipeline.describe(failure, DatasetException.class::isInstance);
  }

  private int fail(int status, String message) {
    err.println(NAME + ": " + message.replace('\n', ' '));
    err.flush();
    return status;
  }
}
