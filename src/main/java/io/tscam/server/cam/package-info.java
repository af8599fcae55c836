/**
 * The TS-CAM math on plain arrays: attention fusion ({@link io.tscam.server.cam.LayerSumFusion},
 * {@link io.tscam.server.cam.RolloutFusion}), the coupled map ({@link io.tscam.server.cam.GridMap})
 * and box extraction with the official evaluation's OpenCV semantics ({@link
 * io.tscam.server.cam.BoxExtractor}), reproduced bit for bit: bilinear resize, uint8 min-max,
 * threshold to zero, Suzuki-Abe contours in OpenCV's order, largest contour area.
 *
 * <p>No framework, ONNX Runtime or OpenCV types: tested against golden files written by
 * tools/golden_boxes.py from tools/tscam/reference.py.
 */
package io.tscam.server.cam;
