package io.tscam.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tscam.server.TsCamServerApplication;
import io.tscam.server.config.CommandInterruption;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole command in-process, with the tiny test model, on a CUB-layout dataset of the golden
 * model PNGs (labels and boxes in src/test/resources/evaluation/golden-cub). The expected numbers
 * come from the Python reference over the PyTorch goldens of the same images
 * (tools/tests/test_evaluation_parity.py, which also checks that they are still its answer).
 */
class EvaluationCommandTest {

  private static final Path GOLDEN = Path.of("src/test/resources/golden/model");
  private static final Path FIXTURE = Path.of("src/test/resources/evaluation/golden-cub");
  private static final Path EXPECTED =
      Path.of("src/test/resources/evaluation/golden-cub-expected.json");
  private static final Path TINY = Path.of("src/test/resources/models/tiny");
  private static final JsonMapper JSON = new JsonMapper();

  @TempDir Path dataset;
  @TempDir Path out;

  private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

  @BeforeEach
  void buildTheDataset() throws IOException {
    Files.createDirectories(dataset.resolve("images"));
    for (String file : List.of("images.txt", "image_class_labels.txt", "bounding_boxes.txt")) {
      Files.copy(FIXTURE.resolve(file), dataset.resolve(file));
    }
    Files.copy(FIXTURE.resolve("train_test_split.txt"), dataset.resolve("train_test_split.txt"));
    Files.copy(FIXTURE.resolve("classes.txt"), dataset.resolve("classes.txt"));
    for (String line : Files.readAllLines(FIXTURE.resolve("images.txt"))) {
      String png = line.split(" ")[1];
      String name = png.substring(0, png.length() - ".png".length());
      Files.copy(GOLDEN.resolve(name).resolve("image.png"), dataset.resolve("images").resolve(png));
    }
  }

  @Test
  void evaluatesAnScmPackageWithScmsCoupling(@TempDir Path asTsCam) throws IOException {
    Path scm = Path.of("src/test/resources/models/small-scm");
    Files.copy(scm.resolve("model.onnx"), asTsCam.resolve("model.onnx"));
    Files.writeString(
        asTsCam.resolve("model.json"),
        Files.readString(scm.resolve("model.json")).replace("\"scm\"", "\"tscam\""));

    JsonNode scmReport = report(scm, out.resolve("scm"));
    JsonNode tsCamReport = report(asTsCam, out.resolve("tscam"));

    assertThat(scmReport.at("/model/coupling").asString()).isEqualTo("scm");
    assertThat(tsCamReport.at("/model/coupling").asString()).isEqualTo("tscam");
    assertThat(stdout.toString(StandardCharsets.UTF_8)).contains("small-scm 1 (scm coupling)");
    assertThat(scmReport.get("maxBoxAccV2")).isNotEqualTo(tsCamReport.get("maxBoxAccV2"));
  }

  private JsonNode report(Path model, Path folder) throws IOException {
    int status =
        evaluate(
            "--dataset",
            dataset.toString(),
            "--model",
            model.toString(),
            "--out",
            folder.toString());
    assertThat(status).as(errors()).isZero();
    return JSON.readTree(folder.resolve("report.json").toFile());
  }

  private int evaluate(String... args) {
    EvaluationCommand command =
        new EvaluationCommand(
            TsCamServerApplication.class,
            new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8),
            false,
            new CommandInterruption());
    return command.run(args);
  }

  private String errors() {
    return stderr.toString(StandardCharsets.UTF_8);
  }

  @Test
  void reportsTheReferenceMetricsOfTheGoldenImages() throws IOException {
    int status =
        evaluate(
            "--dataset",
            dataset.toString(),
            "--model",
            TINY.toString(),
            "--out",
            out.toString(),
            "--evidence");

    assertThat(status).as(errors()).isZero();
    assertThat(errors()).isEmpty();
    JsonNode expected = JSON.readTree(EXPECTED.toFile());
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertThat(report.at("/dataset/split").asString()).isEqualTo("test");
    assertThat(report.at("/counts/images").asInt()).isEqualTo(expected.get("images").asInt());
    assertThat(report.at("/model/name").asString()).isEqualTo("tiny");
    assertThat(report.at("/model/directory").asString()).isEqualTo(TINY.toString());
    Path reportedDataset = Path.of(report.at("/dataset/directory").asString());
    assertThat(reportedDataset).isRelative();
    assertThat(reportedDataset.toAbsolutePath().normalize()).isEqualTo(dataset.toAbsolutePath());
    assertThat(report.get("camThreshold").asDouble())
        .isEqualTo(expected.get("camThreshold").asDouble());
    assertThat(report.get("accuracy")).isEqualTo(expected.get("accuracy"));
    assertThat(report.get("baselines")).isEqualTo(expected.get("baselines"));
    assertThat(report.get("maxBoxAccV2")).isEqualTo(expected.get("maxBoxAccV2"));
    assertThat(report.at("/throughput/imagesPerSecond").asDouble()).isPositive();
    // Each image and the keep and remove passes of its official box.
    assertThat(report.at("/throughput/forwardPasses").asLong()).isEqualTo(3 * 20);
    // GT-known Loc 65.00 of 20 images: 13 good official boxes, 7 bad ones, each with evidence.
    assertThat(report.at("/evidence/good/boxes").asInt()).isEqualTo(13);
    assertThat(report.at("/evidence/bad/boxes").asInt()).isEqualTo(7);
    assertThat(report.at("/evidence/rocAuc").asDouble()).isBetween(0.0, 1.0);
    assertCurve(out.resolve(ReportWriter.CURVE_CSV), expected.get("curve"));
    BufferedImage plot = ImageIO.read(out.resolve(ReportWriter.CURVE_PNG).toFile());
    assertThat(plot.getWidth()).isEqualTo(960);

    String console = stdout.toString(StandardCharsets.UTF_8);
    assertThat(console)
        .contains("(test split, 20 images), cam threshold 0.50, input 224x224")
        .contains("evaluated 2/20 images (10%)")
        .contains("evaluated 20/20 images (100%)")
        .contains("GT-known Loc  65.00")
        .contains("Evidence of the official box (keep / remove): IoU >= 0.5 ");
  }

  @Test
  void withoutEvidenceRunsOnePassPerImageAndReportsTheSameMetrics() throws IOException {
    int status =
        evaluate(
            "--dataset", dataset.toString(), "--model", TINY.toString(), "--out", out.toString());

    assertThat(status).as(errors()).isZero();
    JsonNode expected = JSON.readTree(EXPECTED.toFile());
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertThat(report.get("maxBoxAccV2")).isEqualTo(expected.get("maxBoxAccV2"));
    assertThat(report.get("accuracy")).isEqualTo(expected.get("accuracy"));
    assertThat(report.at("/throughput/forwardPasses").asLong()).isEqualTo(20);
    assertThat(report.get("evidence").isNull()).isTrue();
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .contains("GT-known Loc  65.00")
        .doesNotContain("Evidence");
  }

  private static void assertCurve(Path csv, JsonNode expected) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0))
        .isEqualTo("cam_threshold,box_acc_iou_0.3,box_acc_iou_0.5,box_acc_iou_0.7,gt_known_loc");
    assertThat(lines).hasSize(101);
    for (int row = 0; row < 100; row++) {
      String[] values = lines.get(row + 1).split(",");
      for (int column = 0; column < values.length; column++) {
        assertThat(Double.parseDouble(values[column]))
            .as("%s row %d column %d", csv.getFileName(), row, column)
            .isCloseTo(expected.get(row).get(column).asDouble(), within(5e-5));
      }
    }
  }

  @Test
  void aBadLineFailsBeforeTheModelLoadsWithOneLineNamingIt() throws IOException {
    Files.writeString(
        dataset.resolve("bounding_boxes.txt"), "1 1 2 3 4\n1 1 2 x 4\n", StandardCharsets.UTF_8);

    int status = evaluate("--dataset", dataset.toString(), "--model", TINY.toString());

    assertThat(status).isEqualTo(EvaluationCommand.EXIT_FAILED);
    assertThat(errors())
        .isEqualTo(
            "evaluate: "
                + dataset.resolve("bounding_boxes.txt")
                + ":2: width \"x\" is not a number (expected \"<image id> <x> <y> <width>"
                + " <height>\")"
                + System.lineSeparator());
    assertThat(stdout.size()).isZero();
  }

  @Test
  void aBoxOutsideItsImageStopsTheRunAtItsLine() throws IOException {
    Files.writeString(
        dataset.resolve("bounding_boxes.txt"),
        Files.readString(dataset.resolve("bounding_boxes.txt")) + "7 100 100 130 10\n");
    int lines = Files.readAllLines(dataset.resolve("bounding_boxes.txt")).size();

    int status =
        evaluate(
            "--dataset", dataset.toString(), "--model", TINY.toString(), "--out", out.toString());

    assertThat(status).isEqualTo(EvaluationCommand.EXIT_FAILED);
    assertThat(errors().lines())
        .containsExactly(
            "evaluate: "
                + dataset.resolve("bounding_boxes.txt")
                + ":"
                + lines
                + ": box [100.0, 100.0, 230.0, 110.0] reaches outside the 224x224 image");
    assertThat(out.resolve("report.json")).doesNotExist();
  }

  @Test
  void aClassTheModelDoesNotHaveIsNamed() throws IOException {
    Files.writeString(dataset.resolve("classes.txt"), "1 a\n11 k\n");

    int status = evaluate("--dataset", dataset.toString(), "--model", TINY.toString());

    assertThat(status).isEqualTo(EvaluationCommand.EXIT_FAILED);
    assertThat(errors().lines())
        .containsExactly(
            "evaluate: "
                + dataset.resolve("classes.txt")
                + ":2: class 11 is out of range 1..10 (the model has 10 classes)");
  }

  @Test
  void aBadModelFolderIsOneLine() {
    Path missing = dataset.resolve("no-model");

    int status = evaluate("--dataset", dataset.toString(), "--model", missing.toString());

    assertThat(status).isEqualTo(EvaluationCommand.EXIT_FAILED);
    assertThat(errors().lines())
        .containsExactly("evaluate: model package folder " + missing + " does not exist");
  }

  @Test
  void aBadCommandLineIsOneLineWithTheUsage() {
    int status = evaluate("--dataset", dataset.toString(), "--split", "val");

    assertThat(status).isEqualTo(EvaluationCommand.EXIT_USAGE);
    assertThat(errors().lines())
        .containsExactly(
            "evaluate: --split must be test, train or all, got 'val' ("
                + EvaluationOptions.USAGE
                + ")");
  }

  @Test
  void evaluatesAConformerPackageUnchanged() throws IOException {
    // The engine knows a Conformer only from model.json: the same command, the same pipeline.
    JsonNode report = report(Path.of("src/test/resources/models/small-conformer"), out);

    assertThat(report.at("/model/name").asString()).isEqualTo("small-conformer");
    assertThat(report.at("/counts/images").asInt()).isEqualTo(20);
    assertThat(report.at("/throughput/forwardPasses").asLong()).isEqualTo(20);
  }

  @Test
  void anIlsvrcListOfTheSameImagesGivesTheSameReport(@TempDir Path lists) throws IOException {
    Path list = lists.resolve("val_folder_new.txt");
    Files.write(list, ilsvrcLinesOfTheTestSplit());

    int status =
        evaluate(
            "--ilsvrc-list",
            list.toString(),
            "--images",
            dataset.resolve("images").toString(),
            "--model",
            TINY.toString(),
            "--out",
            out.toString());

    assertThat(status).as(errors()).isZero();
    JsonNode expected = JSON.readTree(EXPECTED.toFile());
    JsonNode report = JSON.readTree(out.resolve("report.json").toFile());
    assertThat(report.at("/dataset/split").asString()).isEqualTo("list");
    assertThat(report.at("/dataset/directory").asString()).endsWith("val_folder_new.txt");
    assertThat(report.at("/counts/images").asInt()).isEqualTo(expected.get("images").asInt());
    assertThat(report.get("accuracy")).isEqualTo(expected.get("accuracy"));
    assertThat(report.get("baselines")).isEqualTo(expected.get("baselines"));
    assertThat(report.get("maxBoxAccV2")).isEqualTo(expected.get("maxBoxAccV2"));
  }

  /** The golden CUB test split as ILSVRC lines: path, class from 0, boxes as x1 y1 x2 y2. */
  private static List<String> ilsvrcLinesOfTheTestSplit() throws IOException {
    Map<String, String> paths = column(FIXTURE.resolve("images.txt"));
    Map<String, String> classes = column(FIXTURE.resolve("image_class_labels.txt"));
    Map<String, String> splits = column(FIXTURE.resolve("train_test_split.txt"));
    Map<String, StringBuilder> boxes = new LinkedHashMap<>();
    for (String line : Files.readAllLines(FIXTURE.resolve("bounding_boxes.txt"))) {
      String[] f = line.split(" ");
      double x = Double.parseDouble(f[1]);
      double y = Double.parseDouble(f[2]);
      boxes
          .computeIfAbsent(f[0], id -> new StringBuilder())
          .append(" ")
          .append(String.join(" ", f[1], f[2], num(x + Double.parseDouble(f[3]))))
          .append(" ")
          .append(num(y + Double.parseDouble(f[4])));
    }
    return paths.keySet().stream()
        .filter(id -> splits.get(id).equals("0"))
        .map(id -> paths.get(id) + " " + (Integer.parseInt(classes.get(id)) - 1) + boxes.get(id))
        .toList();
  }

  private static Map<String, String> column(Path file) throws IOException {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] fields = line.split(" ", 2);
      values.put(fields[0], fields[1]);
    }
    return values;
  }

  private static String num(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  @Test
  void helpPrintsTheUsage() {
    assertThat(evaluate("--help")).isZero();
    assertThat(stdout.toString(StandardCharsets.UTF_8))
        .startsWith("usage: evaluate (--dataset DIR");
  }
}
