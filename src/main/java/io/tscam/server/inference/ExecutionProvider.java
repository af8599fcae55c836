package io.tscam.server.inference;

/** The ONNX Runtime execution provider a session actually runs on. */
public enum ExecutionProvider {
  CPU,
  CUDA;

  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
