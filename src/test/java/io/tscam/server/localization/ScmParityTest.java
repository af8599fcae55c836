package io.tscam.server.localization;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tscam.server.cam.Box;
import io.tscam.server.inference.BatchingSettings;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.inference.ModelPackage;
import io.tscam.server.inference.OnnxModel;
import io.tscam.server.inference.SessionSettings;
import io.tscam.server.testsupport.Pipelines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An SCM package (exported from an SCM-format checkpoint with random weights) against SCM's own
 * inference formula as its code computes it (tools/golden_scm.py transcribes SCM.forward and
 * get_topk_boxes): same top-1 classes, and the same boxes on at least 99% of (image, class) cases.
 */
class ScmParityTest {

  private static final Path RESOURCES = Path.of("src/test/resources");
  private static final Path PACKAGE = RESOURCES.resolve("models/small-scm");

  @Test
  void boxesMatchScmsFormula() throws IOException {
    Agreement agreement = agreementWithGolden(PACKAGE);

    assertThat(agreement.cases()).isEqualTo(120);
    assertThat(agreement.topOneMatches()).isEqualTo(24);
    // Measured: 120 of 120.
    assertThat(agreement.boxMatches()).isGreaterThanOrEqualTo(119);
  }

  @Test
  void theSamePackageReadAsTsCamMissesThem(@TempDir Path work) throws IOException {
    Path asTsCam = Files.createDirectory(work.resolve("as-tscam"));
    Files.copy(PACKAGE.resolve("model.onnx"), asTsCam.resolve("model.onnx"));
    Files.writeString(
        asTsCam.resolve("model.json"),
        Files.readString(PACKAGE.resolve("model.json")).replace("\"scm\"", "\"tscam\""));

    Agreement agreement = agreementWithGolden(asTsCam);

    // Measured: 21 of 120 (tools/golden_scm.py prints the 99 that differ between the formulas).
    assertThat(agreement.topOneMatches()).isEqualTo(24);
    assertThat(agreement.boxMatches()).as("the coupling step decides the boxes").isLessThan(60);
  }

  private record Agreement(int cases, int topOneMatches, int boxMatches) {}

  private static Agreement agreementWithGolden(Path packageFolder) throws IOException {
    JsonNode golden =
        new JsonMapper().readTree(RESOURCES.resolve("golden/scm/manifest.json").toFile());
    int cases = 0;
    int topOne = 0;
    int boxes = 0;
    try (OnnxModel model =
            OnnxModel.load(ModelPackage.open(packageFolder), new SessionSettings(false, 0, 2));
        InferenceQueue queue =
            new InferenceQueue(
                model, new BatchingSettings(4, Duration.ZERO, 64), new SimpleMeterRegistry())) {
      Localizer localizer = Pipelines.localizer(model, queue);
      for (JsonNode image : golden.get("images")) {
        byte[] png = Files.readAllBytes(RESOURCES.resolve(image.get("image").asString()));
        List<ClassLocalization> predictions =
            Pipelines.localize(
                    localizer, png, new LocalizationQuery(5, List.of(), null, false, Fusion.TSCAM))
                .predictions();
        if (predictions.get(0).classIndex() == image.get("topClasses").get(0).asInt()) {
          topOne++;
        }
        for (int k = 0; k < predictions.size(); k++) {
          JsonNode box = image.get("boxes").get(k);
          Box expected =
              new Box(
                  box.get(0).asInt(), box.get(1).asInt(), box.get(2).asInt(), box.get(3).asInt());
          cases++;
          if (predictions.get(k).classIndex() == image.get("topClasses").get(k).asInt()
              && predictions.get(k).inputBox().equals(expected)) {
            boxes++;
          }
        }
      }
    }
    return new Agreement(cases, topOne, boxes);
  }
}
