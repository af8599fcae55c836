package io.tscam.server.web;

import io.tscam.server.bench.BenchPipeline;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.localization.Fusion;
import io.tscam.server.localization.Localization;
import io.tscam.server.localization.LocalizationQuery;
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
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON answer of a top-5 request: the response records built from a real localization and
 * written to bytes by Jackson, as Spring MVC's message converter does (a default JsonMapper; Spring
 * Boot's customisations do not change what these records cost to write).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ResponseJsonBenchmark {

  @Param("target/bench-models/deit-small")
  public String modelDir;

  @Param("target/bench/inputs/jpeg-500x375.jpg")
  public String image;

  private final JsonMapper json = JsonMapper.builder().build();
  private Localization top5;
  private Localization top5WithMaps;
  private ModelDescriptor model;

  @Setup
  public void setUp() {
    try (BenchPipeline pipeline = BenchPipeline.open(Path.of(modelDir))) {
      model = pipeline.descriptor();
      top5 = pipeline.localize(Path.of(image), query(false));
      top5WithMaps = pipeline.localize(Path.of(image), query(true));
    }
  }

  private static LocalizationQuery query(boolean includeMaps) {
    return new LocalizationQuery(5, List.of(), null, includeMaps, Fusion.TSCAM);
  }

  @Benchmark
  public byte[] top5Json() {
    return json.writeValueAsBytes(LocalizeResponse.of(top5, model.name(), model.version()));
  }

  @Benchmark
  public byte[] top5JsonWithMaps() {
    return json.writeValueAsBytes(LocalizeResponse.of(top5WithMaps, model.name(), model.version()));
  }
}
