package io.tscam.server.localization;

import io.tscam.server.cam.ImageSize;
import io.tscam.server.inference.AttentionReadout;
import io.tscam.server.inference.ImageOutputs;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelGeometry;
import java.util.function.Function;

/**
 * The service's post-processing on an image the benchmark decoded itself (an exact, DCT-scaled or
 * subsampled read of the same photo), so reads can be compared through identical model and box
 * code. The service itself always decodes the upload it was sent.
 */
public final class DecodedImageLocalizer {

  private final Postprocessor postprocessor;
  private final int numClasses;
  private final double defaultThreshold;

  public DecodedImageLocalizer(ModelGeometry geometry, ModelDescriptor descriptor) {
    this.postprocessor = new Postprocessor(geometry, descriptor);
    this.numClasses = geometry.numClasses();
    this.defaultThreshold = descriptor.camThreshold();
  }

  /**
   * Runs the model on {@code modelInput} through {@code outputsFor}, with the readout the query's
   * fusion needs.
   */
  public Localization localize(
      ImageSize imageSize,
      float[] modelInput,
      LocalizationQuery query,
      Function<AttentionReadout, ImageOutputs> outputsFor) {
    ResolvedQuery resolved = ResolvedQuery.resolve(query, numClasses, defaultThreshold);
    ImageOutputs outputs = outputsFor.apply(query.fusion().readout());
    return postprocessor.localize(
        postprocessor.analyze(outputs, query.fusion(), imageSize, modelInput), resolved);
  }
}
