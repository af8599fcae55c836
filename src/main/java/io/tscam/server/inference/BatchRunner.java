package io.tscam.server.inference;

import ai.onnxruntime.OrtException;

/** Runs one batch packed in a worker's buffers on a lane: {@link OnnxModel#run} in the service. */
@FunctionalInterface
interface BatchRunner {

  void run(BatchBuffers buffers, int batch, Lane lane) throws OrtException;
}
