package io.tscam.server.bench;

import io.tscam.server.cam.ImageSize;
import io.tscam.server.evaluation.IouBox;
import io.tscam.server.imaging.DecodedImage;
import io.tscam.server.imaging.ImageDecoder;
import io.tscam.server.imaging.ReducedRead;
import io.tscam.server.localization.ClassLocalization;
import io.tscam.server.localization.Fusion;
import io.tscam.server.localization.LocalizationQuery;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How faithful the reduced-scale reads of large photos are: every JPEG of a folder goes through the
 * model three ways, and each reduced read is compared with the exact one (every pixel decoded, then
 * the PIL-exact resize to the input):
 *
 * <ul>
 *   <li>{@code dct}: libjpeg-turbo scaling inside the IDCT, as the service reads a JSON request;
 *   <li>{@code subsampled}: ImageIO source subsampling, the service's read before libjpeg-turbo
 *       (and where the library is missing).
 * </ul>
 *
 * For each: how often the top-1 class agrees with the exact read's, and how often the box of the
 * exact read's top-1 class overlaps the exact box with IoU >= 0.9 (official-evaluation corners).
 *
 * <pre>
 * java -cp ... io.tscam.server.bench.FidelityCheck MODEL_DIR PHOTOS_DIR OUT.json
 * </pre>
 *
 * (bench/run.sh makes the photos with bench/make_fidelity_photos.py and runs this on the demo
 * model, which is trained on such scenes.)
 */
public final class FidelityCheck {

  private static final double IOU_BAR = 0.9;

  /** One reduced read against the exact read, over all photos. */
  record PathResult(
      String path, int photos, int top1Agreements, int boxesOverIouBar, double meanIou) {

    double top1Agreement() {
      return (double) top1Agreements / photos;
    }

    double iouAtLeastBar() {
      return (double) boxesOverIouBar / photos;
    }
  }

  record Report(
      String model,
      String photos,
      int count,
      String jpegDecoder,
      double iouBar,
      List<PathResult> paths) {}

  /** A read's own top-1 class, and the box it gives the exact read's top-1 class. */
  private record Answer(int top1, IouBox box) {}

  private FidelityCheck() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3) {
      System.err.println("usage: FidelityCheck MODEL_DIR PHOTOS_DIR OUT.json");
      System.exit(2);
    }
    Path modelDir = Path.of(args[0]);
    Path photosDir = Path.of(args[1]);
    List<Path> photos;
    try (Stream<Path> files = Files.list(photosDir)) {
      photos = files.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
    }
    ImageDecoder turboJpeg = new ImageDecoder(ImageDecoder.DEFAULT_MAX_PIXELS);
    ImageDecoder imageIo = ImageDecoder.withImageIoOnly(ImageDecoder.DEFAULT_MAX_PIXELS);
    try (BenchPipeline pipeline = BenchPipeline.open(modelDir)) {
      ReducedRead read =
          ReducedRead.forModel(
              new ImageSize(
                  pipeline.descriptor().inputWidth(), pipeline.descriptor().inputHeight()));
      Tally dct = new Tally("dct");
      Tally subsampled = new Tally("subsampled");
      for (Path photo : photos) {
        byte[] jpeg = BenchPipeline.read(photo);
        DecodedImage exactImage = turboJpeg.decode(jpeg, ReducedRead.NONE);
        int exactTop1 = top1(pipeline, exactImage);
        Answer exact = new Answer(exactTop1, box(pipeline, exactImage, exactTop1));
        dct.add(exact, answer(pipeline, turboJpeg.decode(jpeg, read), exact.top1()));
        subsampled.add(exact, answer(pipeline, imageIo.decode(jpeg, read), exact.top1()));
      }
      Report report =
          new Report(
              modelDir.toString(),
              photosDir.toString(),
              photos.size(),
              turboJpeg.jpegDecoder(),
              IOU_BAR,
              List.of(dct.result(), subsampled.result()));
      JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
      Files.writeString(Path.of(args[2]), json.writeValueAsString(report));
      for (PathResult result : report.paths()) {
        System.out.printf(
            "%-10s top-1 agreement %.3f, IoU >= %.1f for %.3f, mean IoU %.3f (%d photos)%n",
            result.path(),
            result.top1Agreement(),
            IOU_BAR,
            result.iouAtLeastBar(),
            result.meanIou(),
            result.photos());
      }
    }
  }

  private static int top1(BenchPipeline pipeline, DecodedImage image) {
    return localize(pipeline, image, new LocalizationQuery(1, List.of(), null, false, Fusion.TSCAM))
        .classIndex();
  }

  private static Answer answer(BenchPipeline pipeline, DecodedImage image, int boxClass) {
    return new Answer(top1(pipeline, image), box(pipeline, image, boxClass));
  }

  private static IouBox box(BenchPipeline pipeline, DecodedImage image, int classIndex) {
    ClassLocalization localized =
        localize(
            pipeline,
            image,
            new LocalizationQuery(1, List.of(classIndex), null, false, Fusion.TSCAM));
    return IouBox.clampedTo(localized.box(), new ImageSize(image.width(), image.height()));
  }

  private static ClassLocalization localize(
      BenchPipeline pipeline, DecodedImage image, LocalizationQuery query) {
    return pipeline.localize(image, query).predictions().get(0);
  }

  /** Running counts for one reduced read. */
  private static final class Tally {
    private final String path;
    private int photos;
    private int top1Agreements;
    private int boxesOverIouBar;
    private double iouSum;

    Tally(String path) {
      this.path = path;
    }

    void add(Answer exact, Answer reduced) {
      double iou = exact.box().iou(reduced.box());
      photos++;
      top1Agreements += exact.top1() == reduced.top1() ? 1 : 0;
      boxesOverIouBar += iou >= IOU_BAR ? 1 : 0;
      iouSum += iou;
    }

    PathResult result() {
      return new PathResult(path, photos, top1Agreements, boxesOverIouBar, iouSum / photos);
    }
  }
}
