package io.tscam.server.localization;

import io.tscam.server.cam.AttentionCoupling;
import io.tscam.server.cam.AttentionTensor;
import io.tscam.server.cam.Box;
import io.tscam.server.cam.BoxExtractor;
import io.tscam.server.cam.FeatureMaps;
import io.tscam.server.cam.GridMap;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.cam.NormalizedCam;
import io.tscam.server.inference.AttentionReadout;
import io.tscam.server.inference.ImageOutputs;
import io.tscam.server.inference.ModelDescriptor;
import io.tscam.server.inference.ModelGeometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Raw model outputs of one image -> an {@link ImageAnalysis} (the class-agnostic map once) ->
 * scored classes with TS-CAM boxes, a coupled map and a box only for the classes asked for.
 */
final class Postprocessor {

  private final ModelGeometry geometry;
  private final List<String> labels;
  private final BoxExtractor boxes;
  private final AttentionCoupling coupling;

  Postprocessor(ModelGeometry geometry, ModelDescriptor descriptor) {
    this.geometry = geometry;
    this.labels = List.copyOf(descriptor.labels());
    this.coupling = AttentionCoupling.valueOf(descriptor.couplingName().toUpperCase(Locale.ROOT));
    this.boxes = new BoxExtractor(new ImageSize(geometry.inputWidth(), geometry.inputHeight()));
  }

  /** Scores, the fused class-agnostic map and the feature maps of one image, ready for boxes. */
  ImageAnalysis analyze(
      ImageOutputs outputs, Fusion fusion, ImageSize imageSize, float[] modelInput) {
    float[] attentionMap = coupling.apply(fusion.classTokenMap(attention(outputs)));
    FeatureMaps featureMaps =
        new FeatureMaps(
            outputs.featureMaps(),
            0,
            geometry.numClasses(),
            geometry.gridHeight(),
            geometry.gridWidth());
    return new ImageAnalysis(
        new ClassScores(outputs.logits()), attentionMap, featureMaps, boxes, imageSize, modelInput);
  }

  Localization localize(ImageAnalysis analysis, ResolvedQuery query) {
    List<Integer> classes =
        query.classes().isEmpty() ? analysis.topClasses(query.topK()) : query.classes();
    List<ClassLocalization> predictions = new ArrayList<>(classes.size());
    for (int classIndex : classes) {
      GridMap map = analysis.coupledMap(classIndex);
      NormalizedCam cam = analysis.normalize(map);
      Box inputBox = cam.largestContourBox(query.threshold());
      predictions.add(
          new ClassLocalization(
              classIndex,
              labels.get(classIndex),
              analysis.probability(classIndex),
              analysis.toImage(inputBox),
              inputBox,
              query.includeMaps() ? grid(map.values()) : null,
              query.boxes() == BoxMode.ALL ? objects(analysis, cam, query) : null,
              null));
    }
    return new Localization(
        analysis.imageSize(),
        query.threshold(),
        query.fusion(),
        predictions,
        query.includeMaps() ? grid(analysis.attentionMap()) : null,
        1);
  }

  /** Every object of one class's map, in both spaces. */
  private static List<ObjectBox> objects(
      ImageAnalysis analysis, NormalizedCam cam, ResolvedQuery query) {
    return cam.outerContourBoxes(query.threshold(), query.minBoxArea()).stream()
        .map(found -> new ObjectBox(analysis.toImage(found.box()), found.box(), found.mass()))
        .toList();
  }

  private AttentionTensor attention(ImageOutputs outputs) {
    if (outputs.readout() == AttentionReadout.FULL) {
      return new AttentionTensor(
          outputs.attention(), 0, geometry.layers(), geometry.heads(), geometry.tokens());
    }
    return AttentionTensor.classTokenRows(
        outputs.attention(), 0, geometry.layers(), geometry.heads(), geometry.tokens());
  }

  private GridMap grid(float[] values) {
    return new GridMap(geometry.gridHeight(), geometry.gridWidth(), values);
  }
}
