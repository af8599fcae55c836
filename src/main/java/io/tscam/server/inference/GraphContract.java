package io.tscam.server.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Map;

/**
 * Checks a session's inputs and outputs against the package contract and derives the geometry.
 * Every failure names the output (or input) and what was expected of it.
 */
final class GraphContract {

  private final ModelDescriptor descriptor;

  GraphContract(ModelDescriptor descriptor) {
    this.descriptor = descriptor;
  }

  /** Returns the single input's name after checking it is float32 [N, 3, H, W]. */
  String checkInput(OrtSession session) throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    if (inputs.size() != 1) {
      throw new InvalidModelException(
          "model.onnx must have exactly one input, found " + inputs.keySet());
    }
    var input = inputs.entrySet().iterator().next();
    long[] shape = floatTensorShape(input.getValue(), "input '" + input.getKey() + "'");
    boolean matches =
        shape.length == 4
            && shape[1] == 3
            && fits(shape[2], descriptor.inputHeight())
            && fits(shape[3], descriptor.inputWidth());
    if (!matches) {
      throw new InvalidModelException(
          "input '%s' has shape %s; model.json inputSize %s needs [N, 3, %d, %d]"
              .formatted(
                  input.getKey(),
                  Arrays.toString(shape),
                  descriptor.inputSize(),
                  descriptor.inputHeight(),
                  descriptor.inputWidth()));
    }
    return input.getKey();
  }

  /** Reads the three outputs' shapes and checks them against each other and the labels. */
  ModelGeometry checkOutputs(OrtSession session) throws OrtException {
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    ModelDescriptor.OutputNames names = descriptor.outputs();
    long[] logits = outputShape(outputs, "logits", names.logits());
    long[] maps = outputShape(outputs, "featureMaps", names.featureMaps());
    long[] attention = outputShape(outputs, "attentions", names.attentions());
    int classes = descriptor.labels().size();
    requireShape(
        logits.length == 2 && fits(logits[1], classes),
        "logits",
        names.logits(),
        logits,
        "[N, " + classes + "] (one logit per label)");
    requireShape(
        maps.length == 4 && fits(maps[1], classes) && maps[2] > 0 && maps[3] > 0,
        "featureMaps",
        names.featureMaps(),
        maps,
        "[N, " + classes + ", h, w] with static h, w");
    int h = (int) maps[2];
    int w = (int) maps[3];
    int tokens = 1 + h * w;
    boolean averaged = attention.length == 4;
    int last = attention.length - 1;
    requireShape(
        (attention.length == 5 || averaged)
            && attention[1] > 0
            && (averaged || attention[2] > 0)
            && attention[last] == tokens
            && attention[last - 1] == tokens,
        "attentions",
        names.attentions(),
        attention,
        "[N, L, heads, %d, %d] or [N, L, %d, %d] (T = 1 + h*w)"
            .formatted(tokens, tokens, tokens, tokens));
    return new ModelGeometry(
        descriptor.inputHeight(),
        descriptor.inputWidth(),
        classes,
        h,
        w,
        (int) attention[1],
        averaged ? 1 : (int) attention[2],
        averaged,
        tokens);
  }

  private static long[] outputShape(Map<String, NodeInfo> outputs, String key, String name) {
    NodeInfo info = outputs.get(name);
    if (info == null) {
      throw new InvalidModelException(
          "model.json outputs.%s names '%s', but model.onnx has outputs %s"
              .formatted(key, name, outputs.keySet()));
    }
    return floatTensorShape(info, "output '" + name + "'");
  }

  private static long[] floatTensorShape(NodeInfo info, String what) {
    if (!(info.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT) {
      throw new InvalidModelException(what + " must be a float32 tensor, found " + info.getInfo());
    }
    return tensor.getShape();
  }

  private static void requireShape(
      boolean ok, String key, String name, long[] shape, String expected) {
    if (!ok) {
      throw new InvalidModelException(
          "output '%s' (outputs.%s) has shape %s, expected %s"
              .formatted(name, key, Arrays.toString(shape), expected));
    }
  }

  /** A dynamic (negative) dimension fits anything; a static one must match. */
  private static boolean fits(long dimension, int expected) {
    return dimension < 0 || dimension == expected;
  }
}
