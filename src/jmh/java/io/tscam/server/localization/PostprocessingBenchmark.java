package io.tscam.server.localization;

import io.tscam.server.bench.BenchPipeline;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.imaging.DecodedImage;
import io.tscam.server.inference.ImageOutputs;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The post-processing of one image after the model ran: class scores, the class-agnostic attention
 * map, then a coupled map and an OpenCV-exact box for each of the top-5 classes. Lives in the
 * package of the (package-private) {@link Postprocessor} it times; the model outputs are real ones
 * for a real image, so the contours are as complex as in service.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PostprocessingBenchmark {

  @Param("target/bench-models/deit-small")
  public String modelDir;

  @Param("target/bench/inputs/jpeg-500x375.jpg")
  public String image;

  private Postprocessor postprocessor;
  private float[] input;
  private ImageOutputs outputs;
  private ImageSize imageSize;
  private ResolvedQuery top5;
  private ResolvedQuery top5WithMaps;

  @Setup
  public void setUp() {
    try (BenchPipeline pipeline = BenchPipeline.open(Path.of(modelDir))) {
      DecodedImage decoded = pipeline.decode(Path.of(image));
      imageSize = new ImageSize(decoded.width(), decoded.height());
      input = pipeline.modelInput(decoded);
      outputs = pipeline.modelOutputs(input, Fusion.TSCAM.readout());
      postprocessor = new Postprocessor(pipeline.geometry(), pipeline.descriptor());
      int classes = pipeline.geometry().numClasses();
      double threshold = pipeline.descriptor().camThreshold();
      top5 = ResolvedQuery.resolve(query(false), classes, threshold);
      top5WithMaps = ResolvedQuery.resolve(query(true), classes, threshold);
    }
  }

  private static LocalizationQuery query(boolean includeMaps) {
    return new LocalizationQuery(5, List.of(), null, includeMaps, Fusion.TSCAM);
  }

  /** What the default JSON answer needs. */
  @Benchmark
  public Localization top5Boxes() {
    return postprocessor.localize(
        postprocessor.analyze(outputs, Fusion.TSCAM, imageSize, input), top5);
  }

  /** cam=true also keeps the maps. */
  @Benchmark
  public Localization top5BoxesWithMaps() {
    return postprocessor.localize(
        postprocessor.analyze(outputs, Fusion.TSCAM, imageSize, input), top5WithMaps);
  }
}
