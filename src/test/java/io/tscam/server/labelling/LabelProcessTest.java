package io.tscam.server.labelling;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code label} as operators and Kubernetes pods run it: separate JVMs with the bundled demo model
 * over a class-folder dataset of 30 small images (and one corrupt file). The unsharded run is the
 * reference every sharded, killed and resumed run must reproduce byte for byte.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LabelProcessTest {

  private static final Path DEMO = Path.of("models/demo");
  private static final int CLASSES = 10;
  private static final JsonMapper JSON = new JsonMapper();
  private static final String[] OPTIONS = {
    "--model", DEMO.toString(), "--classes", "folders", "--boxes", "all", "--masks"
  };

  private Path work;
  private Path dataset;
  private Path reference;

  @BeforeAll
  void labelTheWholeDatasetOnce(@TempDir Path work) throws Exception {
    this.work = work;
    dataset = work.resolve("dataset");
    writeDataset(dataset);
    reference = work.resolve("reference");
    LabelProcess.Finished whole = label(Map.of(), reference);
    assertThat(whole.status()).as(whole.output()).isZero();
    assertThat(whole.output())
        .contains("Labelling shard 0/1", "labelled 31 images", "wrote ")
        .contains("30 images, ", " 1 skipped");
  }

  @Test
  void fourShardsInTheirOwnProcessesMergeIntoTheUnshardedRunsFiles() throws Exception {
    Path out = work.resolve("four");
    List<LabelProcess> shards = new ArrayList<>();
    for (int index = 0; index < 4; index++) {
      // As in an Indexed Job's pods: one command line, the index from the environment.
      shards.add(
          LabelProcess.start(
              work.resolve("logs"),
              Map.of(Shard.JOB_COMPLETION_INDEX, Integer.toString(index)),
              arguments(out, "--shard-count", "4")));
    }
    for (LabelProcess shard : shards) {
      try (shard) {
        assertThat(shard.awaitExit(Duration.ofMinutes(3))).as(shard.output()).isZero();
      }
    }
    assertThat(out.resolve("labels.json")).doesNotExist();

    LabelProcess.Finished merge = merge(out);

    assertThat(merge.status()).as(merge.output()).isZero();
    assertSameFiles(out, reference);
    JsonNode labels = JSON.readTree(out.resolve("labels.json").toFile());
    assertThat(labels.get("info").has("shard")).isFalse();
    for (int index = 0; index < 4; index++) {
      assertThat(out.resolve("part-" + index + "-of-4.journal")).doesNotExist();
    }
  }

  @Test
  void aShardKilledMidRunResumesFromItsJournalAndEndsWithTheSameFiles() throws Exception {
    StalledShard stalled = new StalledShard("killed");

    try (LabelProcess shard = stalled.start()) {
      awaitLines(stalled.journal(), 1 + 7, shard);
      shard.kill();
    }

    String resumed = stalled.resumeAndMerge();
    assertThat(resumed).contains("resuming after 7 images");
    assertSameFiles(stalled.out(), reference);
    LabelProcess.Finished again = label(Map.of(), stalled.copy(), stalled.out(), "--shard", "1/2");
    assertThat(again.output()).contains("shard 1/2 is finished");
  }

  @Test
  void aShardStoppedBySigtermSaysSoKeepsItsJournalAndResumesToTheSameFiles() throws Exception {
    StalledShard stalled = new StalledShard("terminated");

    try (LabelProcess shard = stalled.start()) {
      awaitLines(stalled.journal(), 1 + 7, shard);
      shard.terminate();
      // The signal is delivered asynchronously; give the JVM's signal thread a moment before the
      // stalled read ends (the pipe fed): the run then journals at most that image and stops.
      Thread.sleep(500);
      stalled.feed();

      assertThat(shard.awaitExit(Duration.ofMinutes(2))).as(shard.output()).isEqualTo(143);
      assertThat(shard.output()).contains("interrupted by SIGTERM", "the same command resumes");
      assertThat(Files.readAllLines(stalled.journal())).hasSizeGreaterThanOrEqualTo(1 + 7);
    }

    assertThat(stalled.resumeAndMerge()).contains("resuming after");
    assertSameFiles(stalled.out(), reference);
  }

  /**
   * Shard 1/2 of a copy of the dataset whose eighth image (position 15 in the sorted list) is a
   * named pipe: the worker reading it blocks, so the run stalls with the seven images before it
   * finished and journaled, in the state a kill or a signal then finds it.
   */
  private final class StalledShard {

    private final Path copy;
    private final Path stall;
    private final Path image;
    private final Path out;

    StalledShard(String name) throws Exception {
      copy = work.resolve("copy-" + name);
      copyDataset(dataset, copy);
      stall = copy.resolve(folder(4)).resolve("image-2.png");
      image = work.resolve("image-2-" + name + ".png");
      Files.move(stall, image);
      mkfifo(stall);
      out = work.resolve(name);
    }

    Path copy() {
      return copy;
    }

    Path out() {
      return out;
    }

    LabelProcess start() {
      return LabelProcess.start(
          work.resolve("logs"), Map.of(), arguments(copy, out, "--shard", "1/2"));
    }

    Path journal() {
      return out.resolve("part-1-of-2.journal");
    }

    /** Ends the stalled read with the image's bytes. */
    void feed() throws IOException {
      Files.write(stall, Files.readAllBytes(image));
    }

    /**
     * The stopped shard left no part; with the image back under its name (the input list unchanged)
     * it is run again, then the other shard and the merge; what the rerun printed.
     */
    String resumeAndMerge() throws Exception {
      assertThat(out.resolve("part-1-of-2.json")).doesNotExist();
      Files.delete(stall);
      Files.move(image, stall);
      LabelProcess.Finished resumed = label(Map.of(), copy, out, "--shard", "1/2");
      LabelProcess.Finished other = label(Map.of(), copy, out, "--shard", "0/2");
      LabelProcess.Finished merge = merge(out);
      assertThat(resumed.status()).as(resumed.output()).isZero();
      assertThat(other.status()).as(other.output()).isZero();
      assertThat(merge.status()).as(merge.output()).isZero();
      return resumed.output();
    }
  }

  @Test
  void aCorruptImageIsSkippedWithItsReasonAndTheRestLabelled() throws IOException {
    JsonNode labels = JSON.readTree(reference.resolve("labels.json").toFile());
    assertThat(labels.get("images")).hasSize(30);
    assertThat(labels.get("skipped")).hasSize(1);
    JsonNode skipped = labels.get("skipped").get(0);
    assertThat(skipped.get("path").asString()).isEqualTo(folder(2) + "/corrupt.jpg");
    assertThat(skipped.get("reason").asString()).isNotBlank();
    assertThat(labels.toString()).doesNotContain("notes.txt");
    for (JsonNode annotation : labels.get("annotations")) {
      JsonNode image = labels.get("images").get(annotation.get("image_id").asInt() - 1);
      String folder = image.get("file_name").asString().split("/")[0];
      assertThat(annotation.get("category_id").asInt())
          .as("the folder's class, 1-based")
          .isEqualTo(Integer.parseInt(folder.substring("class-".length())) + 1);
    }
  }

  @Test
  void aFolderCountOtherThanTheModelsClassesIsRefusedBeforeAnyWork() throws Exception {
    Path copy = work.resolve("eleven");
    copyDataset(dataset, copy);
    Files.createDirectories(copy.resolve("class-10"));
    Path out = work.resolve("refused");

    LabelProcess.Finished refused = label(Map.of(), copy, out);

    assertThat(refused.status()).isEqualTo(1);
    assertThat(refused.output())
        .contains("the input has 11 class folders but the model has 10 classes");
    try (var files = Files.list(out)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void theCommandLineIsStrict() throws Exception {
    LabelProcess.Finished typo = LabelProcess.run(work.resolve("logs"), Map.of(), "lable");
    assertThat(typo.status()).isEqualTo(2);
    assertThat(typo.output())
        .contains("unknown command 'lable' (did you mean label?)", "usage: java -jar");

    LabelProcess.Finished help =
        LabelProcess.run(work.resolve("logs"), Map.of(), "label", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.output()).startsWith("usage: label --images").doesNotContain("Tomcat");

    LabelProcess.Finished unknown =
        LabelProcess.run(work.resolve("logs"), Map.of(), "label", "--imgs", "x", "--out", "y");
    assertThat(unknown.status()).isEqualTo(2);
    assertThat(unknown.output()).contains("label: unknown option --imgs (usage: label");
  }

  private LabelProcess.Finished label(Map<String, String> environment, Path out, String... extra)
      throws InterruptedException {
    return label(environment, dataset, out, extra);
  }

  private LabelProcess.Finished label(
      Map<String, String> environment, Path images, Path out, String... extra)
      throws InterruptedException {
    return LabelProcess.run(work.resolve("logs"), environment, arguments(images, out, extra));
  }

  private LabelProcess.Finished merge(Path out) throws InterruptedException {
    return LabelProcess.run(
        work.resolve("logs"), Map.of(), "label", "merge", "--out", out.toString());
  }

  private String[] arguments(Path out, String... extra) {
    return arguments(dataset, out, extra);
  }

  private static String[] arguments(Path images, Path out, String... extra) {
    List<String> arguments =
        new ArrayList<>(List.of("label", "--images", images.toString(), "--out", out.toString()));
    arguments.addAll(List.of(OPTIONS));
    arguments.addAll(List.of(extra));
    return arguments.toArray(String[]::new);
  }

  private static void assertSameFiles(Path out, Path expected) throws IOException {
    for (String file : List.of("labels.json", "detections.json")) {
      assertThat(Files.readAllBytes(out.resolve(file)))
          .as(file)
          .isEqualTo(Files.readAllBytes(expected.resolve(file)));
    }
  }

  private static void awaitLines(Path journal, int lines, LabelProcess process)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!Files.exists(journal) || Files.readAllLines(journal).size() < lines) {
      assertThat(process.isAlive()).as(process.output()).isTrue();
      assertThat(System.nanoTime()).as("journal lines in time").isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  private static void mkfifo(Path file) throws IOException, InterruptedException {
    Process mkfifo = new ProcessBuilder("mkfifo", file.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
  }

  private static String folder(int classIndex) {
    return "class-" + classIndex;
  }

  /** Ten class folders of three images each, a corrupt JPEG and a text file. */
  private static void writeDataset(Path root) throws IOException {
    Random random = new Random(19);
    for (int c = 0; c < CLASSES; c++) {
      Path folder = Files.createDirectories(root.resolve(folder(c)));
      for (int i = 0; i < 3; i++) {
        BufferedImage image = picture(random, 160 + random.nextInt(200), 120 + random.nextInt(150));
        String format = i == 2 ? "png" : "jpg";
        ImageIO.write(image, format, folder.resolve("image-" + i + "." + format).toFile());
      }
    }
    Files.write(
        root.resolve(folder(2)).resolve("corrupt.jpg"),
        new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 1, 2, 3});
    Files.writeString(root.resolve("notes.txt"), "not an image");
  }

  /** A cluttered background with a few bright objects, so that maps have contours. */
  private static BufferedImage picture(Random random, int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(random.nextInt(80), random.nextInt(80), random.nextInt(80)));
    g.fillRect(0, 0, width, height);
    for (int i = 0; i < 3; i++) {
      g.setColor(
          new Color(128 + random.nextInt(128), 128 + random.nextInt(128), random.nextInt(256)));
      int w = width / 5 + random.nextInt(width / 3);
      int h = height / 5 + random.nextInt(height / 3);
      g.fillOval(random.nextInt(width - w), random.nextInt(height - h), w, h);
    }
    g.dispose();
    return image;
  }

  private static void copyDataset(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
