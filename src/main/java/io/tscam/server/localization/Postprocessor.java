package io.tscam.server.localization;

import io.tscam.server.cam.AttentionCoupling;
import io.tscam.server.cam.AttentionFusion;
import io.tscam.server.cam.AttentionTensor;
import io.tscam.server.cam.Box;
import io.tscam.server.cam.BoxExtractor;
import io.tscam.server.cam.CoupledMap;
import io.tscam.server.cam.FeatureMaps;
import io.tscam.server.cam.LayerSumFusion;
import io.tscam.server.cam.PixelSize;
import io.tscam.server.cam.RolloutFusion;
import io.tscam.server.inference.AttentionReadout;
import io.tscam.server.inference.ImageOutputs;
import io.tscam.server.inference.ModelGeometry;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Raw model outputs of one image -> an {@link ImageAnalysis} (the class-agnostic map once) ->
 * scored classes with TS-CAM boxes, a coupled map and a box only for the classes asked for.
 */
final class Postprocessor {

  private final ModelGeometry geometry;
  private final List<String> labels;
  private final BoxExtractor boxes;
  private final AttentionCoupling coupling;
  private final Map<Fusion, AttentionFusion> fusions = new EnumMap<>(Fusion.class);

  Postprocessor(ModelGeometry geometry, List<String> labels, AttentionCoupling coupling) {
    this.geometry = geometry;
    this.labels = List.copyOf(labels);
    this.coupling = coupling;
    this.boxes = new BoxExtractor(new PixelSize(geometry.inputWidth(), geometry.inputHeight()));
    fusions.put(Fusion.TSCAM, new LayerSumFusion());
    fusions.put(Fusion.ROLLOUT, new RolloutFusion());
  }

  /** Rollout multiplies whole matrices; the reference coupling reads only class-token rows. */
  static AttentionReadout readoutFor(Fusion fusion) {
    return fusion == Fusion.ROLLOUT ? AttentionReadout.FULL : AttentionReadout.CLASS_TOKEN_ROWS;
  }

  /** Scores, the fused class-agnostic map and the feature maps of one image, ready for boxes. */
  ImageAnalysis analyze(ImageOutputs outputs, Fusion fusion, PixelSize imageSize) {
    float[] attentionMap = coupling.apply(fusions.get(fusion).classTokenMap(attention(outputs)));
    FeatureMaps featureMaps =
        new FeatureMaps(
            outputs.featureMaps(),
            0,
            geometry.numClasses(),
            geometry.gridHeight(),
            geometry.gridWidth());
    return new ImageAnalysis(
        new ClassScores(outputs.logits()), attentionMap, featureMaps, boxes, imageSize);
  }

  Localization localize(ImageAnalysis analysis, ResolvedQuery query) {
    List<Integer> classes =
        query.classes().isEmpty() ? analysis.topClasses(query.topK()) : query.classes();
    List<ClassLocalization> predictions = new ArrayList<>(classes.size());
    for (int classIndex : classes) {
      CoupledMap map = analysis.coupledMap(classIndex);
      Box inputBox = analysis.inputBox(map, query.threshold());
      predictions.add(
          new ClassLocalization(
              classIndex,
              labels.get(classIndex),
              analysis.probability(classIndex),
              analysis.toImage(inputBox),
              inputBox,
              query.includeMaps() ? grid(map.values()) : null));
    }
    PixelSize imageSize = analysis.imageSize();
    return new Localization(
        imageSize.width(),
        imageSize.height(),
        query.threshold(),
        query.fusion(),
        predictions,
        query.includeMaps() ? grid(analysis.attentionMap()) : null);
  }

  private AttentionTensor attention(ImageOutputs outputs) {
    if (outputs.readout() == AttentionReadout.FULL) {
      return new AttentionTensor(
          outputs.attention(), 0, geometry.layers(), geometry.heads(), geometry.tokens());
    }
    return AttentionTensor.classTokenRows(
        outputs.attention(), 0, geometry.layers(), geometry.heads(), geometry.tokens());
  }

  private MapGrid grid(float[] values) {
    return new MapGrid(geometry.gridHeight(), geometry.gridWidth(), values);
  }
}
