package io.tscam.server.cam;

/**
 * One object of a class's map: the bounding rectangle of an outer contour and how much of the map
 * lies inside that contour.
 *
 * @param box the contour's bounding rectangle (cv2.boundingRect), x2/y2 exclusive
 * @param mass the share (0..1) of the thresholded map's values that lies inside the contour, its
 *     holes and whatever they enclose
 */
public record ContourBox(Box box, double mass) {}
