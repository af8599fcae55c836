package io.tscam.server.localization;

import java.time.Duration;

/**
 * The pipeline's limits around the model.
 *
 * @param maxPixels the largest raster an upload may declare
 * @param timeout how long a request waits for a decoding slot, and then for the model
 * @param overlayMaxSide the longest side a PNG overlay is drawn at (its image is decoded for it)
 * @param decodeSlots how many uploads are decoded at once
 */
public record LocalizerSettings(
    long maxPixels, Duration timeout, int overlayMaxSide, int decodeSlots) {}
