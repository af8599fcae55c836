package io.tscam.server.localization;

import io.tscam.server.imaging.DecodedImage;

/** A decoded image with its localization, for renderers that draw on the image. */
public record LocalizedImage(DecodedImage image, Localization localization) {}
