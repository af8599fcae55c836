package io.tscam.server.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM during {@code evaluate}: the command stops, says it was interrupted by the signal (not
 * that a queue was full), writes no report and exits with 128 + 15, without the JVM crashing in
 * ONNX Runtime's native code.
 */
class InterruptedEvaluationTest {

  /** Far more than the run gets through before the signal: every id names the same photo. */
  private static final int IMAGES = 2000;

  private static final int SIGTERM_EXIT_STATUS = 128 + 15;

  @Test
  void sigtermStopsTheRunAndSaysSo(@TempDir Path dataset, @TempDir Path out) throws Exception {
    writeDataset(dataset);
    try (AppProcess evaluate =
        AppProcess.command(
            "evaluate",
            "--model",
            "src/test/resources/models/tiny",
            "--dataset",
            dataset.toString(),
            "--out",
            out.toString())) {
      evaluate.awaitLine("Evaluating tiny", Duration.ofMinutes(2));
      Thread.sleep(500);
      evaluate.terminate();

      assertThat(evaluate.awaitExit(Duration.ofSeconds(60))).isEqualTo(SIGTERM_EXIT_STATUS);
      assertThat(evaluate.output())
          .contains("evaluate: interrupted by SIGTERM; no report written")
          .noneMatch(line -> line.contains("queue is full"))
          .noneMatch(line -> line.contains("A fatal error has been detected"));
      assertThat(out.resolve("report.json")).doesNotExist();
    }
  }

  /** A CUB-layout test split of one 1600x1200 photo, listed {@link #IMAGES} times. */
  private static void writeDataset(Path dataset) throws IOException {
    Files.createDirectories(dataset.resolve("images"));
    Files.write(dataset.resolve("images").resolve("photo.png"), SampleImages.photo(1600, 1200));
    StringBuilder images = new StringBuilder();
    StringBuilder labels = new StringBuilder();
    StringBuilder boxes = new StringBuilder();
    StringBuilder split = new StringBuilder();
    for (int id = 1; id <= IMAGES; id++) {
      images.append(id).append(" photo.png\n");
      labels.append(id).append(" 1\n");
      boxes.append(id).append(" 100 100 400 300\n");
      split.append(id).append(" 0\n");
    }
    Files.writeString(dataset.resolve("images.txt"), images);
    Files.writeString(dataset.resolve("image_class_labels.txt"), labels);
    Files.writeString(dataset.resolve("bounding_boxes.txt"), boxes);
    Files.writeString(dataset.resolve("train_test_split.txt"), split);
    Files.writeString(dataset.resolve("classes.txt"), "1 class_0\n");
  }
}
