package io.tscam.server.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Checks a session's inputs and outputs against the package contract and derives the geometry.
 * Every failure names the output (or input) and what was expected of it.
 *
 * <p>Output dims the graph leaves symbolic (what a plain {@code torch.onnx.export} writes for the
 * attention's heads and token counts, or the feature-map grid) are read from one probe inference on
 * a blank batch of one image; the shapes seen are then held to the same contract.
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
  ModelGeometry checkOutputs(OrtSession session, String inputName) throws OrtException {
    Map<String, NodeInfo> outputs = session.getOutputInfo();
    ModelDescriptor.OutputNames names = descriptor.outputs();
    long[][] declared = {
      outputShape(outputs, "logits", names.logits()),
      outputShape(outputs, "featureMaps", names.featureMaps()),
      outputShape(outputs, "attentions", names.attentions())
    };
    if (Arrays.stream(declared).anyMatch(GraphContract::hasSymbolicDims)) {
      return geometry(probe(session, inputName, declared), " in a probe inference");
    }
    return geometry(declared, "");
  }

  private ModelGeometry geometry(long[][] shapes, String seen) {
    ModelDescriptor.OutputNames names = descriptor.outputs();
    long[] logits = shapes[0];
    long[] maps = shapes[1];
    long[] attention = shapes[2];
    int classes = descriptor.labels().size();
    requireShape(
        logits.length == 2 && fits(logits[1], classes),
        "logits",
        names.logits(),
        logits,
        seen,
        "[N, " + classes + "] (one logit per label)");
    requireShape(
        maps.length == 4 && fits(maps[1], classes) && maps[2] > 0 && maps[3] > 0,
        "featureMaps",
        names.featureMaps(),
        maps,
        seen,
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
        seen,
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
      boolean ok, String key, String name, long[] shape, String seen, String expected) {
    if (!ok) {
      throw new InvalidModelException(
          "output '%s' (outputs.%s) has shape %s%s, expected %s"
              .formatted(name, key, Arrays.toString(shape), seen, expected));
    }
  }

  /** A dim other than the batch axis that the graph leaves to run time. */
  private static boolean hasSymbolicDims(long[] shape) {
    return Arrays.stream(shape).skip(1).anyMatch(dimension -> dimension < 0);
  }

  /** The three outputs' actual shapes for a blank batch of one image. */
  private long[][] probe(OrtSession session, String inputName, long[][] declared)
      throws OrtException {
    ModelDescriptor.OutputNames names = descriptor.outputs();
    long[] inputShape = {1, 3, descriptor.inputHeight(), descriptor.inputWidth()};
    FloatBuffer blank =
        FloatBuffer.allocate(3 * descriptor.inputHeight() * descriptor.inputWidth());
    try (OnnxTensor input =
            OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), blank, inputShape);
        OrtSession.Result result =
            session.run(
                Map.of(inputName, input),
                Set.of(names.logits(), names.featureMaps(), names.attentions()))) {
      long[][] seen = new long[3][];
      String[] order = {names.logits(), names.featureMaps(), names.attentions()};
      for (int i = 0; i < order.length; i++) {
        OnnxValue value = result.get(order[i]).orElseThrow();
        seen[i] = ((TensorInfo) value.getInfo()).getShape();
        seen[i][0] = declared[i][0];
      }
      return seen;
    }
  }

  /** A dynamic (negative) dimension fits anything; a static one must match. */
  private static boolean fits(long dimension, int expected) {
    return dimension < 0 || dimension == expected;
  }
}
