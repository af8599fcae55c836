package io.tscam.server.imaging;

import io.tscam.server.bench.BenchPipeline;
import io.tscam.server.bench.OverlayBenchmark;
import io.tscam.server.cam.ImageSize;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * How the PNG encoder's zlib settings and row filter were chosen: the overlay of a 12 MP photo
 * (1024x768, heat map blended in) encoded with each alternative. The encoded size is reported
 * beside the time (the {@code bytes} counter), since a faster setting that doubles the answer is no
 * gain for the client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class PngEncoderBenchmark {

  @Param("target/bench/inputs/jpeg-4032x3024.jpg")
  public String image;

  /**
   * zlib level and strategy: huffman-only (the encoder's choice), level 1 (its old one), stored.
   */
  @Param({"huffman-only", "level-1", "stored"})
  public String deflate;

  /** A {@link PngEncoder.RowFilter} (a String: JMH's generated code lives in another package). */
  @Param({"SUB", "UP", "NONE"})
  public String filter;

  private PngEncoder encoder;
  private int[] pixels;
  private int width;
  private int height;

  /** The size of the last PNG, as a JMH secondary result. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class EncodedSize {
    public long bytes;
  }

  @Setup
  public void setUp() {
    DecodedImage photo =
        new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS)
            .decode(
                BenchPipeline.read(Path.of(image)),
                ReducedRead.forOverlay(new ImageSize(224, 224), OverlayRenderer.DEFAULT_MAX_SIDE));
    BufferedImage overlay =
        new OverlayRenderer()
            .render(photo, OverlayBenchmark.centredBlob(), OverlayBenchmark.middleBox(photo));
    pixels = ((DataBufferInt) overlay.getRaster().getDataBuffer()).getData();
    width = overlay.getWidth();
    height = overlay.getHeight();
    PngEncoder.RowFilter rows = PngEncoder.RowFilter.valueOf(filter);
    encoder =
        switch (deflate) {
          case "huffman-only" -> new PngEncoder(Deflater.BEST_SPEED, Deflater.HUFFMAN_ONLY, rows);
          case "level-1" -> new PngEncoder(Deflater.BEST_SPEED, Deflater.DEFAULT_STRATEGY, rows);
          case "stored" -> new PngEncoder(Deflater.NO_COMPRESSION, Deflater.DEFAULT_STRATEGY, rows);
          default -> throw new IllegalArgumentException("Unknown deflate setting " + deflate);
        };
  }

  @Benchmark
  public byte[] encode(EncodedSize size) {
    byte[] png = encoder.encode(pixels, width, height);
    size.bytes = png.length;
    return png;
  }
}
