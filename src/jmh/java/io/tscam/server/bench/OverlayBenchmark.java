package io.tscam.server.bench;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.GridMap;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.imaging.DecodedImage;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.imaging.LabelledBox;
import io.tscam.server.imaging.OverlayRenderer;
import io.tscam.server.imaging.ReducedRead;
import java.nio.file.Path;
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
 * The PNG overlay of a phone photo (format=png): the service decodes the upload at overlay
 * resolution (timed in {@link DecodeBenchmark}), then draws and encodes the overlay, timed here.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class OverlayBenchmark {

  /**
   * How the service reads an overlay request for DeiT-Small at tscam.overlay.max-side's default.
   */
  private static final ReducedRead OVERLAY_READ =
      ReducedRead.forOverlay(new ImageSize(224, 224), 1024);

  private static final int GRID = 14;

  @Param("target/bench/inputs/jpeg-4032x3024.jpg")
  public String image;

  private final ImageDecoder decoder = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
  private final OverlayRenderer renderer = new OverlayRenderer();
  private DecodedImage photo;
  private GridMap heatMap;
  private LabelledBox box;

  @Setup
  public void setUp() {
    photo = decoder.decode(BenchPipeline.read(Path.of(image)), OVERLAY_READ);
    heatMap = centredBlob();
    box = middleBox(photo);
  }

  /** A box around the middle half of the photo, labelled like a confident answer. */
  public static LabelledBox middleBox(DecodedImage photo) {
    return new LabelledBox(
        new Box(
            photo.width() / 4, photo.height() / 4, photo.width() * 3 / 4, photo.height() * 3 / 4),
        "class_0",
        0.87);
  }

  /** A smooth single-peak map like a localized object's, so the blend is not flat. */
  public static GridMap centredBlob() {
    float[] values = new float[GRID * GRID];
    double centre = (GRID - 1) / 2.0;
    for (int y = 0; y < GRID; y++) {
      for (int x = 0; x < GRID; x++) {
        double distance2 = (x - centre) * (x - centre) + (y - centre) * (y - centre);
        values[y * GRID + x] = (float) Math.exp(-distance2 / 18.0);
      }
    }
    return new GridMap(GRID, GRID, values);
  }

  @Benchmark
  public byte[] renderPng() {
    return renderer.renderPng(photo, heatMap, box);
  }
}
