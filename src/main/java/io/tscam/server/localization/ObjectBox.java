package io.tscam.server.localization;

import io.tscam.server.cam.Box;

/**
 * One object of a class (an outer contour of its thresholded map), with boxes=all.
 *
 * @param box in original-image pixels (x2, y2 exclusive)
 * @param inputBox in model-input space
 * @param mass the share (0..1) of the thresholded map's values inside the contour
 */
public record ObjectBox(Box box, Box inputBox, double mass) {}
