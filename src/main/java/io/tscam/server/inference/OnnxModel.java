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
 * The one shared ONNX Runtime session of a model package. {@link #run} is thread-safe and takes no
 * lock (ONNX Runtime sessions are safe for concurrent runs); every native object it creates is
 * closed before it returns. No ONNX Runtime type leaves this class.
 */
public final class OnnxModel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OnnxModel.class);

  private final ModelPackage modelPackage;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String inputName;
  private final ModelGeometry geometry;
  private final ExecutionProvider provider;

  private OnnxModel(
      ModelPackage modelPackage,
      OrtEnvironment environment,
      OrtSession session,
      String inputName,
      ModelGeometry geometry,
      ExecutionProvider provider) {
    this.modelPackage = modelPackage;
    this.environment = environment;
    this.session = session;
    this.inputName = inputName;
    this.geometry = geometry;
    this.provider = provider;
  }

  /**
   * Opens the session and checks the graph against the package; fails fast with a clear message.
   */
  public static OnnxModel load(ModelPackage modelPackage, SessionSettings settings) {
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(settings.effectiveIntraOpThreads());
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      // Memory patterns pre-plan one arena per input shape; batches come in every size from 1 to
      // max-size, so the plans only cost resident memory.
      options.setMemoryPatternOptimization(false);
      // Idle intra-op threads would spin between parallel sections, taking the core from the
      // request threads that decode the next batch's images; on a busy server they sleep instead.
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      ExecutionProvider provider = chooseProvider(options, settings);
      OrtSession session = openSession(environment, modelPackage, options);
      try {
        GraphContract contract = new GraphContract(modelPackage.descriptor());
        String input = contract.checkInput(session);
        ModelGeometry geometry = contract.checkOutputs(session, input);
        return new OnnxModel(modelPackage, environment, session, input, geometry, provider);
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

  /**
   * Runs one batch whose inputs are already packed in {@code buffers}; the outputs land in the same
   * buffers.
   */
  void run(BatchBuffers buffers, int batch) throws OrtException {
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
            session.run(
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
    try {
      session.close();
    } catch (OrtException e) {
      log.warn("closing the ONNX Runtime session failed: {}", e.getMessage());
    }
  }
}
