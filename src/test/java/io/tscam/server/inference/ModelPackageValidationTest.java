package io.tscam.server.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A package that does not fit the contract is refused with a message naming the culprit. */
class ModelPackageValidationTest {

  private static final Path TINY = Path.of("src/test/resources/models/tiny");
  private static final Path TINY_MEAN = Path.of("src/test/resources/models/tiny-mean");
  private static final SessionSettings CPU = new SessionSettings(false, 0, 1);

  @TempDir Path dir;

  @Test
  void readsTheGeometryOfBothAttentionForms() {
    try (OnnxModel heads = OnnxModel.load(ModelPackage.open(TINY), CPU);
        OnnxModel mean = OnnxModel.load(ModelPackage.open(TINY_MEAN), CPU)) {
      ModelGeometry g = heads.geometry();
      assertThat(g.numClasses()).isEqualTo(10);
      assertThat(g.gridHeight()).isEqualTo(14);
      assertThat(g.tokens()).isEqualTo(197);
      assertThat(g.headsAveraged()).isFalse();
      assertThat(mean.geometry().headsAveraged()).isTrue();
      assertThat(mean.geometry().heads()).isEqualTo(1);
      assertThat(mean.geometry().layers()).isEqualTo(g.layers());
      assertThat(heads.provider()).isEqualTo(ExecutionProvider.CPU);
    }
  }

  @Test
  void cudaRequestFallsBackToCpuWhenTheProviderIsMissing() {
    try (OnnxModel model =
        OnnxModel.load(ModelPackage.open(TINY), new SessionSettings(true, 0, 1))) {
      assertThat(model.provider()).isEqualTo(ExecutionProvider.CPU);
    }
  }

  @Test
  void missingFolderOrFileIsNamed() throws IOException {
    assertThatThrownBy(() -> ModelPackage.open(dir.resolve("nope")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("does not exist");
    Files.copy(TINY.resolve("model.json"), dir.resolve("model.json"));
    assertThatThrownBy(() -> ModelPackage.open(dir))
        .hasMessageContaining("model.onnx")
        .hasMessageContaining("missing");
  }

  @Test
  void truncatedOrForeignOnnxFileIsRefused() throws IOException {
    copyTiny();
    byte[] onnx = Files.readAllBytes(TINY.resolve("model.onnx"));
    Files.write(dir.resolve("model.onnx"), java.util.Arrays.copyOf(onnx, onnx.length / 3));
    assertThatThrownBy(() -> OnnxModel.load(ModelPackage.open(dir), CPU))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("is not a loadable ONNX model");
    Files.writeString(dir.resolve("model.onnx"), "not a model at all");
    assertThatThrownBy(() -> OnnxModel.load(ModelPackage.open(dir), CPU))
        .hasMessageContaining("is not a loadable ONNX model");
  }

  @Test
  void badDescriptorKeysAreNamed() throws IOException {
    copyTiny();
    assertRefused("\"camThreshold\": 0.5", "\"camThreshold\": 1.5", "camThreshold");
    assertRefused("\"inputSize\": [", "\"inputSize\": [3, ", "inputSize");
    assertRefused("\"labels\": [", "\"labels\": [\"extra\", ", "logits");
    assertRefused("\"feature_maps\"", "\"featuremaps\"", "outputs.featureMaps");
    assertRefused("{", "{,", "not a valid model descriptor");
  }

  private void assertRefused(String find, String replace, String named) throws IOException {
    String original = Files.readString(TINY.resolve("model.json"));
    assertThat(original).contains(find);
    Files.writeString(
        dir.resolve("model.json"),
        original.replaceFirst(
            java.util.regex.Pattern.quote(find),
            java.util.regex.Matcher.quoteReplacement(replace)));
    assertThatThrownBy(() -> OnnxModel.load(ModelPackage.open(dir), CPU).close())
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining(named);
  }

  private void copyTiny() throws IOException {
    Files.copy(TINY.resolve("model.json"), dir.resolve("model.json"));
    Files.copy(TINY.resolve("model.onnx"), dir.resolve("model.onnx"));
  }
}
