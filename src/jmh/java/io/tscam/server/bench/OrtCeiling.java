package io.tscam.server.bench;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ceiling the service is measured against: ONNX Runtime alone, straight on a package's
 * model.onnx, none of the service's code. Each configuration is {@code callers} threads running one
 * shared session (intra-op {@code threads}, one inter-op thread, all graph optimisations) back to
 * back on batches of {@code batch} images for a fixed time, with ONNX Runtime's default
 * spin-waiting intra-op threads or without them, and with its default memory-pattern planning or,
 * to measure what that planning is worth, without it; it reports images per second over all callers
 * and the per-run latency. bench/run.sh sweeps callers x threads x batch x spinning once, then
 * measures the best configuration in every raw window, so the ceiling is the best ONNX Runtime can
 * do here, not the setting the service happens to use.
 *
 * <pre>
 * java -cp ... io.tscam.server.bench.OrtCeiling MODEL_DIR SECONDS OUT.json CONFIGS [cpu|cuda]
 * </pre>
 *
 * <p>CONFIGS: comma-separated {@code CALLERSxTHREADSxBATCH} with a suffix {@code s} (spinning) or
 * {@code n} (no spinning), then optionally {@code m} (memory patterns off), e.g. {@code
 * 1x2x8s,2x1x4n,2x1x1nm}. {@code cuda} adds the CUDA provider (device 0), as {@code
 * tscam.device=cuda} does; it needs the ONNX Runtime GPU build on the classpath (Maven profile
 * {@code gpu}).
 */
public final class OrtCeiling {

  private static final int WARMUP_RUNS = 3;

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String inputName;
  private final long[] imageShape;

  private OrtCeiling(Path onnxFile, Config config, boolean cuda) throws OrtException {
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(config.threads());
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.addConfigEntry("session.intra_op.allow_spinning", config.spinning() ? "1" : "0");
      options.setMemoryPatternOptimization(config.memoryPatterns());
      if (cuda) {
        options.addCUDA(0);
      }
      this.session = environment.createSession(onnxFile.toString(), options);
    }
    Map.Entry<String, NodeInfo> input = session.getInputInfo().entrySet().iterator().next();
    this.inputName = input.getKey();
    long[] shape = ((TensorInfo) input.getValue().getInfo()).getShape();
    this.imageShape = Arrays.copyOfRange(shape, 1, shape.length);
  }

  /**
   * One configuration: callers x intra-op threads x batch, spinning or not, memory patterns on or
   * off.
   */
  record Config(int callers, int threads, int batch, boolean spinning, boolean memoryPatterns) {

    private static final Pattern SYNTAX = Pattern.compile("(\\d+)x(\\d+)x(\\d+)([sn])(m?)");

    static Config parse(String text) {
      Matcher parts = SYNTAX.matcher(text);
      if (!parts.matches()) {
        throw new IllegalArgumentException("not CALLERSxTHREADSxBATCH[s|n][m]: " + text);
      }
      return new Config(
          Integer.parseInt(parts.group(1)),
          Integer.parseInt(parts.group(2)),
          Integer.parseInt(parts.group(3)),
          parts.group(4).equals("s"),
          parts.group(5).isEmpty());
    }

    String label() {
      return callers
          + "x"
          + threads
          + "x"
          + batch
          + (spinning ? "s" : "n")
          + (memoryPatterns ? "" : "m");
    }
  }

  /** One configuration's numbers. */
  record ConfigResult(
      String config,
      int callers,
      int threads,
      int batch,
      boolean spinning,
      boolean memoryPatterns,
      int runs,
      double imagesPerSecond,
      double meanMillis,
      double p50Millis) {}

  /** What the harness reads back. */
  record Report(
      String model, String onnxRuntime, String provider, int cores, List<ConfigResult> configs) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 4) {
      throw new IllegalArgumentException(
          "usage: OrtCeiling MODEL_DIR SECONDS OUT.json CALLERSxTHREADSxBATCH[s|n][m],... [cpu|cuda]");
    }
    Path modelDir = Path.of(args[0]);
    double seconds = Double.parseDouble(args[1]);
    boolean cuda = args.length > 4 && args[4].equals("cuda");
    List<ConfigResult> results = new ArrayList<>();
    for (String text : args[3].split(",")) {
      Config config = Config.parse(text.strip());
      OrtCeiling ceiling = new OrtCeiling(modelDir.resolve("model.onnx"), config, cuda);
      try {
        ConfigResult result = ceiling.measure(config, seconds);
        System.out.printf(
            "%s %s: %.1f images/s, %.1f ms per run (p50), %d runs%n",
            modelDir.getFileName(),
            config.label(),
            result.imagesPerSecond(),
            result.p50Millis(),
            result.runs());
        results.add(result);
      } finally {
        ceiling.session.close();
      }
    }
    write(modelDir, cuda ? "cuda" : "cpu", results, Path.of(args[2]));
  }

  /**
   * Every caller warms up on an input of its own, then all run back to back from one start until
   * the time is up; images/s is over the whole window, all callers together.
   */
  private ConfigResult measure(Config config, double seconds) throws Exception {
    long[] shape = new long[imageShape.length + 1];
    shape[0] = config.batch();
    System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
    CountDownLatch warm = new CountDownLatch(config.callers());
    CountDownLatch go = new CountDownLatch(1);
    AtomicLong end = new AtomicLong();
    ExecutorService callers = Executors.newFixedThreadPool(config.callers());
    try {
      List<Future<List<Long>>> runs = new ArrayList<>();
      for (int i = 0; i < config.callers(); i++) {
        runs.add(callers.submit(() -> runWindow(shape, warm, go, end)));
      }
      warm.await();
      long start = System.nanoTime();
      end.set(start + (long) (seconds * 1e9));
      go.countDown();
      List<Long> runNanos = new ArrayList<>();
      for (Future<List<Long>> caller : runs) {
        runNanos.addAll(caller.get());
      }
      return summarise(config, runNanos, System.nanoTime() - start);
    } finally {
      callers.shutdownNow();
    }
  }

  private List<Long> runWindow(long[] shape, CountDownLatch warm, CountDownLatch go, AtomicLong end)
      throws OrtException, InterruptedException {
    try (OnnxTensor input = OnnxTensor.createTensor(environment, randomInput(shape), shape)) {
      for (int i = 0; i < WARMUP_RUNS; i++) {
        runOnce(input);
      }
      warm.countDown();
      go.await();
      List<Long> runNanos = new ArrayList<>();
      do {
        runNanos.add(runOnce(input));
      } while (System.nanoTime() < end.get());
      return runNanos;
    }
  }

  /** One plain session run: ONNX Runtime allocates the outputs, as a naive caller would have it. */
  private long runOnce(OnnxTensor input) throws OrtException {
    long start = System.nanoTime();
    try (OrtSession.Result ignored = session.run(Map.of(inputName, input))) {
      return System.nanoTime() - start;
    }
  }

  private static ConfigResult summarise(Config config, List<Long> runNanos, long totalNanos) {
    long[] sorted = runNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    double mean = Arrays.stream(sorted).average().orElseThrow() / 1e6;
    double p50 = sorted[sorted.length / 2] / 1e6;
    double imagesPerSecond = (double) config.batch() * sorted.length / (totalNanos / 1e9);
    return new ConfigResult(
        config.label(),
        config.callers(),
        config.threads(),
        config.batch(),
        config.spinning(),
        config.memoryPatterns(),
        sorted.length,
        imagesPerSecond,
        mean,
        p50);
  }

  /** Normalised-pixel-like values; the model's cost does not depend on them. */
  private static FloatBuffer randomInput(long[] shape) {
    int length = (int) Arrays.stream(shape).reduce(1, Math::multiplyExact);
    FloatBuffer buffer =
        ByteBuffer.allocateDirect(length * Float.BYTES)
            .order(ByteOrder.nativeOrder())
            .asFloatBuffer();
    SplittableRandom random = new SplittableRandom(0);
    for (int i = 0; i < length; i++) {
      buffer.put(i, (float) (random.nextDouble() * 4 - 2));
    }
    return buffer;
  }

  private static void write(Path modelDir, String provider, List<ConfigResult> results, Path out)
      throws IOException {
    Report report =
        new Report(
            modelDir.toString(),
            OrtEnvironment.getEnvironment().getVersion(),
            provider,
            Runtime.getRuntime().availableProcessors(),
            List.copyOf(results));
    JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    Files.writeString(out, json.writeValueAsString(report));
  }
}
