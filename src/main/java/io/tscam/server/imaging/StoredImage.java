package io.tscam.server.imaging;

import io.tscam.server.cam.ImageSize;
import java.awt.image.BufferedImage;

/**
 * A raster as a reader returns it (stored orientation, possibly reduced), and the whole source's
 * size once upright.
 */
record StoredImage(BufferedImage pixels, ImageSize upright) {}
