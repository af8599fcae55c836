package io.tscam.server.cam;

/**
 * One border found in a thresholded map, as OpenCV's findContours (CHAIN_APPROX_SIMPLE) traces it.
 *
 * @param bounds the bounding rectangle of the traced points (cv2.boundingRect), x2/y2 exclusive
 * @param twiceArea twice cv2.contourArea: the shoelace area of the traced polygon through the
 *     border pixels' centres (not the pixel count: a one-pixel-wide blob has area 0), kept as an
 *     exact integer
 * @param hole whether this border surrounds a hole rather than a foreground region
 * @param outermost whether no other border encloses it (what findContours(RETR_EXTERNAL) returns)
 * @param startX x of the pixel the trace started at (a pixel of this border)
 * @param startY y of that pixel
 */
record Contour(
    Box bounds, long twiceArea, boolean hole, boolean outermost, int startX, int startY) {}
