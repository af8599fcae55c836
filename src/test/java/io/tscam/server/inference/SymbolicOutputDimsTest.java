package io.tscam.server.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tscam.server.localization.ClassLocalization;
import io.tscam.server.localization.Fusion;
import io.tscam.server.localization.Localization;
import io.tscam.server.localization.LocalizationQuery;
import io.tscam.server.testsupport.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A package from a plain torch.onnx.export (batch axis dynamic, nothing else fixed: the attention's
 * heads and token dims are symbolic) serves exactly like the same weights with every dim declared
 * (tools/small_packages.py writes both).
 */
class SymbolicOutputDimsTest {

  private static final Path MODELS = Path.of("src/test/resources/models");
  private static final Path IMAGES = Path.of("src/test/resources/golden/model");
  private static final SessionSettings CPU = new SessionSettings(false, 0, 1);

  @Test
  void thePlainExportStartsWithTheGeometryOfTheDeclaredOne() {
    try (OnnxModel symbolic = load("small-symbolic");
        OnnxModel declared = load("small-static")) {
      assertThat(symbolic.geometry()).isEqualTo(declared.geometry());
      assertThat(symbolic.geometry().tokens()).isEqualTo(17);
      assertThat(symbolic.geometry().heads()).isEqualTo(2);
    }
  }

  @Test
  void thePlainExportAnswersTheSameBoxesAndScores() throws IOException {
    List<String> symbolic = answers("small-symbolic");
    List<String> declared = answers("small-static");

    assertThat(symbolic).hasSize(3 * imageCount()).isEqualTo(declared);
  }

  @Test
  void aRealInconsistencySeenOnlyAtRunTimeIsRefusedNamingOutputAndShape(@TempDir Path work)
      throws IOException {
    Path swapped = work.resolve("swapped");
    Files.createDirectory(swapped);
    Path source = MODELS.resolve("small-symbolic");
    Files.copy(source.resolve("model.onnx"), swapped.resolve("model.onnx"));
    Files.writeString(
        swapped.resolve("model.json"),
        Files.readString(source.resolve("model.json"))
            .replace("\"featureMaps\": \"feature_maps\"", "\"featureMaps\": \"attentions\"")
            .replace("\"attentions\": \"attentions\"", "\"attentions\": \"feature_maps\""));

    assertThatThrownBy(() -> OnnxModel.load(ModelPackage.open(swapped), CPU))
        .isInstanceOf(InvalidModelException.class)
        .hasMessage(
            "output 'attentions' (outputs.featureMaps) has shape [-1, 2, 2, 17, 17] in a probe "
                + "inference, expected [N, 3, h, w] with static h, w");
  }

  private static List<String> answers(String packageName) throws IOException {
    List<String> answers = new ArrayList<>();
    try (OnnxModel model = load(packageName);
        InferenceQueue queue =
            new InferenceQueue(
                model, new BatchingSettings(4, Duration.ZERO, 64), new SimpleMeterRegistry())) {
      var localizer = Pipelines.localizer(model, queue);
      for (Path png : images()) {
        Localization result =
            Pipelines.localize(
                localizer,
                Files.readAllBytes(png),
                new LocalizationQuery(3, List.of(), null, false, Fusion.TSCAM));
        for (ClassLocalization p : result.predictions()) {
          answers.add(
              png.getParent().getFileName()
                  + " "
                  + p.classIndex()
                  + " "
                  + p.inputBox()
                  + " "
                  + p.score());
        }
      }
    }
    return answers;
  }

  private static List<Path> images() throws IOException {
    try (Stream<Path> files = Files.walk(IMAGES)) {
      return files.filter(f -> f.toString().endsWith(".png")).sorted().toList();
    }
  }

  private static int imageCount() throws IOException {
    return images().size();
  }

  private static OnnxModel load(String name) {
    return OnnxModel.load(ModelPackage.open(MODELS.resolve(name)), CPU);
  }
}
