package io.tscam.server.config;

import io.tscam.server.inference.InvalidModelException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything an operator can set, under {@code tscam.} (each also as an environment variable, e.g.
 * {@code TSCAM_MODEL_DIR}, {@code TSCAM_BATCHING_MAX_SIZE}).
 */
@Validated
@ConfigurationProperties("tscam")
public record TsCamProperties(
    @Valid @NotNull @DefaultValue Model model,
    @NotNull @DefaultValue("cpu") Device device,
    @Valid @NotNull @DefaultValue Inference inference,
    @Valid @NotNull @DefaultValue Batching batching,
    @Valid @NotNull @DefaultValue Decoding decoding,
    @Valid @NotNull @DefaultValue Limits limits,
    @Valid @NotNull @DefaultValue Overlay overlay,
    @Valid @NotNull @DefaultValue Batch batch,
    @Valid @NotNull @DefaultValue Upload upload) {

  /**
   * Where the model package (model.onnx + model.json) comes from: a folder ({@code dir}) or a URL
   * ({@code url}: a folder, a {@code file:}, {@code jar:} or {@code http(s):} archive), unpacked
   * into {@code cacheDir}. A URL wins over the bundled default folder; a URL together with any
   * other folder is an error. {@code sha256}, when set, must be the SHA-256 of model.onnx.
   */
  record Model(
      Path dir,
      String url,
      Path cacheDir,
      @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (a SHA-256)")
          String sha256) {

    /** The package bundled with the service (and baked into the images). */
    private static final Path BUNDLED = Path.of("models/demo");

    boolean fromUrl() {
      return url != null && !url.isBlank();
    }

    /** The folder form's folder: the configured one, else the bundled package. */
    Path folder() {
      return dir != null ? dir : BUNDLED;
    }

    /** Refuses a URL together with a folder other than the bundled default. */
    void requireOneSource() {
      if (fromUrl() && !sameFolder(folder(), BUNDLED)) {
        throw new InvalidModelException(
            "both tscam.model.url ("
                + url
                + ") and tscam.model.dir ("
                + dir
                + ") are set: "
                + "set only one");
      }
    }

    /** The cache for packages fetched from a URL; by default under the system temp folder. */
    Path cacheFolder() {
      return cacheDir != null
          ? cacheDir
          : Path.of(System.getProperty("java.io.tmpdir"), "tscam-model-cache");
    }

    private static boolean sameFolder(Path a, Path b) {
      return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
  }

  /** The execution provider asked for; CUDA falls back to CPU with a warning when unavailable. */
  enum Device {
    CPU,
    CUDA
  }

  /**
   * Who runs the model. {@code workers} batches run the shared session at once, each with {@code
   * intraOpThreads} (0 workers: one per core on CPU, one on CUDA; 0 threads: the cores shared out
   * among the workers). ONNX Runtime's intra-op pool belongs to the session, so on CPU either many
   * workers with one thread each or one worker with every core. {@code latencySession}: on CPU, a
   * second session with one intra-op thread per core runs a batch that is all the work there is, so
   * a lone request is as fast as before (it costs the model's weights and arena once more).
   */
  record Inference(
      @Min(0) @Max(64) @DefaultValue("0") int workers,
      @Min(0) @Max(256) @DefaultValue("0") int intraOpThreads,
      @DefaultValue("true") boolean latencySession,
      @Min(0) @DefaultValue("0") int cudaDeviceId) {}

  /**
   * Dynamic micro-batching: up to max-size requests, shared out among the inference workers (each
   * worker's batch takes max-size / workers, at least one, so memory stays that of one max-size
   * batch), or max-delay after the first, whichever first; a batch waits only while more requests
   * are being decoded, so a lone request never waits. Max-size 0: one image per worker run on CPU
   * (batches are no faster there with a worker per core), 8 on CUDA.
   */
  public record Batching(
      @Min(0) @Max(64) @DefaultValue("0") int maxSize,
      @NotNull @DefaultValue("5ms") Duration maxDelay,
      @Min(1) @DefaultValue("64") int queueCapacity,
      @NotNull @DefaultValue("30s") Duration timeout) {}

  /**
   * How many uploads are decoded and preprocessed at once; 0 means one per available core. More
   * requests than this wait with only their bytes in memory.
   */
  record Decoding(@Min(0) @DefaultValue("0") int concurrency) {

    int slots() {
      return concurrency > 0 ? concurrency : Runtime.getRuntime().availableProcessors();
    }
  }

  /** Input limits checked before any pixel is decoded. */
  record Limits(@Min(1) @DefaultValue("40000000") long maxPixels) {}

  /**
   * POST /localize/batch: how many images one request may carry (each is admitted to the queue, so
   * keep it under batching.queue-capacity; server.tomcat.max-part-count bounds it too).
   */
  public record Batch(@Min(1) @Max(64) @DefaultValue("16") int maxImages) {}

  /**
   * Uploads in progress, apart from the inference queue: at most max-in-flight past admission at
   * once (each holding a request thread and its bytes; keep it under server.tomcat.threads.max),
   * and every request body in within body-timeout of its headers, or 408. docs/reliability.md,
   * "Slow clients", has the arithmetic behind the defaults.
   */
  record Upload(
      @Min(1) @DefaultValue("128") int maxInFlight,
      @NotNull @DefaultValue("30s") Duration bodyTimeout) {}

  /** The PNG overlay answer: longest side of the rendered image. */
  record Overlay(@Min(64) @Max(8192) @DefaultValue("1024") int maxSide) {}
}
