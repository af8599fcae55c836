package io.tscam.server.cam;

/**
 * One object of a class's map with its pixels: a pseudo mask for weakly supervised segmentation.
 *
 * @param box the contour's bounding rectangle (cv2.boundingRect), x2/y2 exclusive, input space
 * @param mask the thresholded pixels the contour encloses, input space
 */
public record ContourMask(Box box, RegionMask mask) {}
