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
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ceiling the service is measured against: ONNX Runtime alone, straight on a package's
 * model.onnx, with the service's session settings (intra-op threads = available cores, one inter-op
 * thread, all graph optimisations) and none of the service's code. For each batch size it runs the
 * session back to back for a fixed time and reports images per second and per-run latency; once
 * with ONNX Runtime's default spin-waiting intra-op threads and once without (the service's
 * setting), so the ceiling is the better of the two, not the one that flatters the service.
 *
 * <pre>
 * java -cp ... io.tscam.server.bench.OrtCeiling MODEL_DIR SECONDS_PER_BATCH OUT.json [1,4,8] [cpu|cuda]
 * </pre>
 *
 * <p>{@code cuda} adds the CUDA provider (device 0), as {@code tscam.device=cuda} does; it needs
 * the ONNX Runtime GPU build on the classpath (Maven profile {@code gpu}).
 */
public final class OrtCeiling {

  private static final int WARMUP_RUNS = 3;

  private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final String inputName;
  private final long[] imageShape;

  private final boolean spinning;

  private OrtCeiling(Path onnxFile, int threads, boolean cuda, boolean spinning)
      throws OrtException {
    this.spinning = spinning;
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      options.addConfigEntry("session.intra_op.allow_spinning", spinning ? "1" : "0");
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

  /** One batch size's numbers. */
  record BatchResult(
      int batch,
      boolean spinning,
      int runs,
      double imagesPerSecond,
      double meanMillis,
      double p50Millis) {}

  /** What the harness reads back. */
  record Report(
      String model,
      String onnxRuntime,
      String provider,
      int intraOpThreads,
      List<BatchResult> batches) {}

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      throw new IllegalArgumentException(
          "usage: OrtCeiling MODEL_DIR SECONDS_PER_BATCH OUT.json [BATCHES, default 1,4,8]"
              + " [cpu|cuda]");
    }
    Path modelDir = Path.of(args[0]);
    double seconds = Double.parseDouble(args[1]);
    int[] batches =
        Arrays.stream((args.length > 3 ? args[3] : "1,4,8").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int threads = Runtime.getRuntime().availableProcessors();
    boolean cuda = args.length > 4 && args[4].equals("cuda");
    List<BatchResult> results = new ArrayList<>();
    for (boolean spinning : new boolean[] {true, false}) {
      OrtCeiling ceiling = new OrtCeiling(modelDir.resolve("model.onnx"), threads, cuda, spinning);
      for (int batch : batches) {
        BatchResult result = ceiling.measure(batch, seconds);
        System.out.printf(
            "%s batch %d%s: %.1f images/s, %.1f ms per run (p50), %d runs%n",
            modelDir.getFileName(),
            batch,
            spinning ? "" : " (no spinning)",
            result.imagesPerSecond(),
            result.p50Millis(),
            result.runs());
        results.add(result);
      }
      ceiling.session.close();
    }
    write(modelDir, threads, cuda ? "cuda" : "cpu", results, Path.of(args[2]));
  }

  private BatchResult measure(int batch, double seconds) throws OrtException {
    long[] shape = new long[imageShape.length + 1];
    shape[0] = batch;
    System.arraycopy(imageShape, 0, shape, 1, imageShape.length);
    try (OnnxTensor input = OnnxTensor.createTensor(environment, randomInput(shape), shape)) {
      for (int i = 0; i < WARMUP_RUNS; i++) {
        runOnce(input);
      }
      List<Long> runNanos = new ArrayList<>();
      long start = System.nanoTime();
      long end = start + (long) (seconds * 1e9);
      while (System.nanoTime() < end || runNanos.size() < WARMUP_RUNS) {
        runNanos.add(runOnce(input));
      }
      long total = System.nanoTime() - start;
      return summarise(batch, spinning, runNanos, total);
    }
  }

  /** One plain session run: ONNX Runtime allocates the outputs, as a naive caller would have it. */
  private long runOnce(OnnxTensor input) throws OrtException {
    long start = System.nanoTime();
    try (OrtSession.Result ignored = session.run(Map.of(inputName, input))) {
      return System.nanoTime() - start;
    }
  }

  private static BatchResult summarise(
      int batch, boolean spinning, List<Long> runNanos, long totalNanos) {
    long[] sorted = runNanos.stream().mapToLong(Long::longValue).sorted().toArray();
    double mean = Arrays.stream(sorted).average().orElseThrow() / 1e6;
    double p50 = sorted[sorted.length / 2] / 1e6;
    double imagesPerSecond = (double) batch * sorted.length / (totalNanos / 1e9);
    return new BatchResult(batch, spinning, sorted.length, imagesPerSecond, mean, p50);
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

  private static void write(
      Path modelDir, int threads, String provider, List<BatchResult> results, Path out)
      throws IOException {
    Report report =
        new Report(
            modelDir.toString(),
            OrtEnvironment.getEnvironment().getVersion(),
            provider,
            threads,
            List.copyOf(results));
    JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    Files.writeString(out, json.writeValueAsString(report));
  }
}
