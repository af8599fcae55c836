package io.tscam.server.inference;

import java.util.List;

/**
 * The contents of a package's model.json: how to feed the model and how to read its outputs.
 *
 * @param inputSize [height, width] of the model input
 * @param mean per-channel RGB mean for inputs scaled to [0, 1]
 * @param std per-channel RGB standard deviation
 * @param labels one per class, index = class index
 * @param camThreshold the default box threshold (fraction of the map maximum)
 * @param outputs the names of the three outputs in the ONNX graph
 * @param trained false for packages with random weights (their boxes mean nothing)
 * @param coupling how the attention map meets the feature maps: "tscam" (absent) or "scm"
 */
public record ModelDescriptor(
    String name,
    String version,
    List<Integer> inputSize,
    List<Float> mean,
    List<Float> std,
    List<String> labels,
    Double camThreshold,
    OutputNames outputs,
    String description,
    Boolean trained,
    String coupling) {

  /** The couplings the engine knows (cam.AttentionCoupling), by their model.json names. */
  private static final List<String> COUPLINGS = List.of("tscam", "scm");

  /** Output names in the ONNX graph. */
  record OutputNames(String logits, String featureMaps, String attentions) {}

  /** Checks every key the service relies on and names the first one that is wrong. */
  ModelDescriptor validated() {
    requireText("name", name);
    requireText("version", version);
    requireCount("inputSize", inputSize, 2);
    if (inputSize.stream().anyMatch(side -> side == null || side < 16 || side > 4096)) {
      throw invalid("inputSize", "must be [height, width] with sides between 16 and 4096");
    }
    requireCount("mean", mean, 3);
    requireCount("std", std, 3);
    if (std.stream().anyMatch(s -> s == null || !(s > 0))) {
      throw invalid("std", "must be three positive numbers");
    }
    if (labels == null || labels.isEmpty()) {
      throw invalid("labels", "must list one label per class");
    }
    if (camThreshold == null || !(camThreshold > 0 && camThreshold < 1)) {
      throw invalid("camThreshold", "must be a number between 0 and 1 (exclusive)");
    }
    if (outputs == null) {
      throw invalid("outputs", "must name the logits, featureMaps and attentions outputs");
    }
    requireText("outputs.logits", outputs.logits());
    requireText("outputs.featureMaps", outputs.featureMaps());
    requireText("outputs.attentions", outputs.attentions());
    if (coupling != null && !COUPLINGS.contains(coupling)) {
      throw invalid("coupling", "must be one of " + COUPLINGS + " (absent means tscam)");
    }
    return this;
  }

  public int inputHeight() {
    return inputSize.get(0);
  }

  public int inputWidth() {
    return inputSize.get(1);
  }

  /** The coupling step the package's method applies; TS-CAM's when model.json names none. */
  public String couplingName() {
    return coupling == null ? COUPLINGS.get(0) : coupling;
  }

  public boolean isTrained() {
    return !Boolean.FALSE.equals(trained);
  }

  private static void requireText(String key, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(key, "is missing or empty");
    }
  }

  private static void requireCount(String key, List<?> values, int count) {
    if (values == null || values.size() != count || values.contains(null)) {
      throw invalid(key, "must be a list of " + count + " numbers");
    }
  }

  private static InvalidModelException invalid(String key, String problem) {
    return new InvalidModelException("model.json: key '" + key + "' " + problem);
  }
}
