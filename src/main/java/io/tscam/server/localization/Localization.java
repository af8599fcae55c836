package io.tscam.server.localization;

import java.util.List;

/**
 * The answer for one image.
 *
 * @param imageWidth width as displayed (after EXIF orientation)
 * @param imageHeight height as displayed
 * @param threshold the box threshold used
 * @param attentionMap the class-agnostic map, when maps were asked for
 */
public record Localization(
    int imageWidth,
    int imageHeight,
    double threshold,
    Fusion fusion,
    List<ClassLocalization> predictions,
    MapGrid attentionMap) {}
