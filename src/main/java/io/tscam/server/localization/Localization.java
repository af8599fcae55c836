package io.tscam.server.localization;

import io.tscam.server.cam.GridMap;
import io.tscam.server.cam.ImageSize;
import java.util.List;

/**
 * The answer for one image.
 *
 * @param image the size as displayed (after EXIF orientation)
 * @param threshold the box threshold used
 * @param attentionMap the class-agnostic map, when maps were asked for
 * @param passes forward passes of the model this answer took: 1, plus 2 per class with evidence
 */
public record Localization(
    ImageSize image,
    double threshold,
    Fusion fusion,
    List<ClassLocalization> predictions,
    GridMap attentionMap,
    int passes) {}
