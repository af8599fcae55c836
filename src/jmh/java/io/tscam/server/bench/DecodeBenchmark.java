package io.tscam.server.bench;

import io.tscam.server.cam.ImageSize;
import io.tscam.server.imaging.DecodedImage;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.imaging.Preprocessor;
import io.tscam.server.imaging.ReducedRead;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A 12 MP phone photo read for a DeiT-Small request, single-threaded (so ms/op = core-ms): the
 * decode alone, and decode + preprocessing (PIL-exact resize, normalisation) as the service's
 * tscam.preprocess timer sees it, read for a JSON answer (the model) and for a PNG answer (the
 * overlay at tscam.overlay.max-side's default). Both JPEG decoders run in the same benchmark run:
 * libjpeg-turbo (DCT-domain scaling) and the ImageIO fallback (full decode, then subsampling).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DecodeBenchmark {

  private static final ImageSize INPUT = new ImageSize(224, 224);
  private static final ReducedRead MODEL_READ = ReducedRead.forModel(INPUT);
  private static final ReducedRead OVERLAY_READ = ReducedRead.forOverlay(INPUT, 1024);

  @Param("target/bench/inputs/jpeg-4032x3024.jpg")
  public String image;

  @Param({"libjpeg-turbo", "ImageIO"})
  public String decoder;

  private final Preprocessor preprocessor =
      new Preprocessor(
          INPUT, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225});
  private final float[] input = new float[preprocessor.tensorLength()];
  private ImageDecoder imageDecoder;
  private byte[] encoded;

  @Setup
  public void setUp() {
    encoded = BenchPipeline.read(Path.of(image));
    imageDecoder =
        decoder.equals("ImageIO")
            ? ImageDecoder.withImageIoOnly(ImageDecoder.DEFAULT_MAX_PIXELS)
            : new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
    if (!imageDecoder.jpegDecoder().startsWith(decoder)) {
      throw new IllegalStateException(
          "Asked for " + decoder + ", got " + imageDecoder.jpegDecoder());
    }
  }

  /**
   * The benchmark thread's CPU time per operation, as a JMH secondary result ({@code cpuMs}): on a
   * machine shared with other work the wall-clock score grows with the contention, the CPU time
   * much less. Each iteration reports its own mean (JMH sums the iterations in the score).
   */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class CpuTime {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private long nanos;
    private long operations;
    private long start;

    @Setup(Level.Iteration)
    public void reset() {
      nanos = 0;
      operations = 0;
    }

    void begin() {
      start = THREADS.getCurrentThreadCpuTime();
    }

    void end() {
      nanos += THREADS.getCurrentThreadCpuTime() - start;
      operations++;
    }

    public double cpuMs() {
      return operations == 0 ? 0 : nanos / 1e6 / operations;
    }
  }

  @Benchmark
  public DecodedImage decodeForModel(CpuTime cpu) {
    cpu.begin();
    DecodedImage image = imageDecoder.decode(encoded, MODEL_READ);
    cpu.end();
    return image;
  }

  @Benchmark
  public DecodedImage decodeForOverlay(CpuTime cpu) {
    cpu.begin();
    DecodedImage image = imageDecoder.decode(encoded, OVERLAY_READ);
    cpu.end();
    return image;
  }

  @Benchmark
  public float[] prepareForJson(CpuTime cpu) {
    cpu.begin();
    preprocessor.write(imageDecoder.decode(encoded, MODEL_READ).image(), input, 0);
    cpu.end();
    return input;
  }

  @Benchmark
  public float[] prepareForPng(CpuTime cpu) {
    cpu.begin();
    preprocessor.write(imageDecoder.decode(encoded, OVERLAY_READ).image(), input, 0);
    cpu.end();
    return input;
  }
}
