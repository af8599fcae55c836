package io.tscam.server.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ONNX Runtime sessions of a model package: the one shared session the workers run
 * concurrently, and on CPU a latency session with one intra-op thread per core for a batch that is
 * all the work there is (see {@link Parallelism}). {@link #run} is thread-safe and takes no lock
 * (ONNX Runtime sessions are safe for concurrent runs); every native object it creates is closed
 * before it returns. No ONNX Runtime type leaves this class.
 */
public final class OnnxModel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);

  private final ModelPackage modelPackage;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final OrtSession latencySession;
  private final String inputName;
  private final ModelGeometry geometry;
  private final ExecutionProvider provider;
  private final Parallelism parallelism;

  private OnnxModel(
      ModelPackage modelPackage,
      OrtEnvironment environment,
      Sessions sessions,
      String inputName,
      ModelGeometry geometry) {
    this.modelPackage = modelPackage;
    this.environment = environment;
    this.session = sessions.shared();
    this.latencySession = sessions.latency();
    this.inputName = inputName;
    this.geometry = geometry;
    this.provider = sessions.provider();
    this.parallelism = sessions.parallelism();
  }

  /** What {@link #load} opened; {@code latency} is null when there is no latency session. */
  private record Sessions(
      OrtSession shared, OrtSession latency, ExecutionProvider provider, Parallelism parallelism) {}

  /**
   * Opens the sessions and checks the graph against the package; fails fast with a clear message.
   */
  public static OnnxModel load(ModelPackage modelPackage, SessionSettings settings) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = baseOptions()) {
      ExecutionProvider provider = chooseProvider(options, settings);
      Parallelism parallelism =
          settings.resolve(provider, Runtime.getRuntime().availableProcessors());
      options.setIntraOpNumThreads(parallelism.intraOpThreads());
      OrtSession session = openSession(environment, modelPackage, options);
      try {
        GraphContract contract = new GraphContract(modelPackage.descriptor());
        String input = contract.checkInput(session);
        ModelGeometry geometry = contract.checkOutputs(session, input);
        OrtSession latency =
            parallelism.hasLatencySession()
                ? openLatencySession(environment, modelPackage, parallelism.latencyThreads())
                : null;
        return new OnnxModel(
            modelPackage,
            environment,
            new Sessions(session, latency, provider, parallelism),
            input,
            geometry);
      } catch (OrtException | RuntimeException e) {
        session.close();
        throw e instanceof InvalidModelException invalid
            ? invalid
            : new InvalidModelException("cannot read the graph of " + modelPackage.onnxFile(), e);
      }
    } catch (OrtException e) {
      throw new InvalidModelException("cannot configure ONNX Runtime: " + e.getMessage(), e);
    }
  }

  private static OrtSession.SessionOptions baseOptions() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setInterOpNumThreads(1);
    options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
    // Memory patterns (ONNX Runtime's default, kept on deliberately): each input shape's
    // intermediate tensors are planned once into one block per run, instead of one arena
    // allocation per tensor, which concurrent runs of the shared session contend for (every raw
    // window of bench/run.sh measures the ceiling with it off too: docs/benchmarks.md).
    options.setMemoryPatternOptimization(true);
    // Idle intra-op threads would spin between parallel sections, taking the core from the
    // request threads that decode the next batch's images; on a busy server they sleep instead.
    options.addConfigEntry("session.intra_op.allow_spinning", "0");
    return options;
  }

  /**
   * The CPU session a lone batch runs on. Its threads sleep between parallel sections like the
   * workers' (no spinning): spinning threads win a little on an idle host but lose badly to any
   * other load on the cores (raw batch 1 on a shared host: 450-480 ms p50 spinning, 150-165 ms not;
   * docs/benchmarks.md), and a container's CPU quota makes every core shared.
   */
  private static OrtSession openLatencySession(
      OrtEnvironment environment, ModelPackage modelPackage, int threads) throws OrtException {
    try (OrtSession.SessionOptions options = baseOptions()) {
      options.setIntraOpNumThreads(threads);
      return openSession(environment, modelPackage, options);
    }
  }

  private static OrtSession openSession(
      OrtEnvironment environment, ModelPackage modelPackage, OrtSession.SessionOptions options) {
    try {
      return environment.createSession(modelPackage.onnxFile().toString(), options);
    } catch (OrtException e) {
      throw new InvalidModelException(
          modelPackage.onnxFile() + " is not a loadable ONNX model: " + e.getMessage(), e);
    }
  }

  private static ExecutionProvider chooseProvider(
      OrtSession.SessionOptions options, SessionSettings settings) {
    if (!settings.useCuda()) {
      return ExecutionProvider.CPU;
    }
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      log.warn(
          "tscam.device=cuda but this ONNX Runtime build has no CUDA provider "
              + "(build with -Pgpu / use the CUDA image); running on CPU");
      return ExecutionProvider.CPU;
    }
    try {
      options.addCUDA(settings.cudaDeviceId());
      return ExecutionProvider.CUDA;
    } catch (OrtException e) {
      log.warn("tscam.device=cuda but CUDA cannot be used ({}); running on CPU", e.getMessage());
      return ExecutionProvider.CPU;
    }
  }

  public ModelGeometry geometry() {
    return geometry;
  }

  public ModelDescriptor descriptor() {
    return modelPackage.descriptor();
  }

  public ExecutionProvider provider() {
    return provider;
  }

  public Parallelism parallelism() {
    return parallelism;
  }

  /**
   * Runs one batch whose inputs are already packed in {@code buffers} on the lane's session; the
   * outputs land in the same buffers.
   */
  void run(BatchBuffers buffers, int batch, Lane lane) throws OrtException {
    OrtSession target = lane == Lane.LATENCY ? latencySession : session;
    if (target == null) {
      throw new IllegalStateException("no latency session: " + parallelism);
    }
    long[] inputShape = {batch, 3, geometry.inputHeight(), geometry.inputWidth()};
    ModelDescriptor.OutputNames names = descriptor().outputs();
    try (OnnxTensor input = OnnxTensor.createTensor(environment, buffers.input(batch), inputShape);
        OnnxTensor logits =
            OnnxTensor.createTensor(
                environment, buffers.logits(batch), new long[] {batch, geometry.numClasses()});
        OnnxTensor maps =
            OnnxTensor.createTensor(
                environment, buffers.featureMaps(batch), featureMapShape(batch));
        OnnxTensor attentions =
            OnnxTensor.createTensor(environment, buffers.attentions(batch), attentionShape(batch));
        OrtSession.Result ignored =
            target.run(
                Map.of(inputName, input),
                Map.of(
                    names.logits(), logits,
                    names.featureMaps(), maps,
                    names.attentions(), attentions))) {
      // ONNX Runtime wrote the outputs into the pinned buffers; the Result holds no copy of them.
    }
  }

  private long[] featureMapShape(int batch) {
    return new long[] {batch, geometry.numClasses(), geometry.gridHeight(), geometry.gridWidth()};
  }

  private long[] attentionShape(int batch) {
    long layers = geometry.layers();
    long tokens = geometry.tokens();
    return geometry.headsAveraged()
        ? new long[] {batch, layers, tokens, tokens}
        : new long[] {batch, layers, geometry.heads(), tokens, tokens};
  }

  @Override
  public void close() {
    close(session);
    if (latencySession != null) {
      close(latencySession);
    }
  }

  private static void close(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      log.warn("closing an ONNX Runtime session failed: {}", e.getMessage());
    }
  }
}
