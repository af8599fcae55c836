package io.tscam.server.labelling;

import io.tscam.server.localization.BoxMode;

/**
 * How each image's classes become annotations.
 *
 * @param threshold the cam threshold, a fraction of each map's maximum
 * @param boxes the official box per class, or one per object
 * @param minBoxArea with boxes all, the smallest object kept, as a fraction of the largest one's
 * @param minScore classes scored below it get no annotation
 * @param masks whether annotations carry their object's pixels
 */
record LabelSettings(
    double threshold, BoxMode boxes, double minBoxArea, double minScore, boolean masks) {}
