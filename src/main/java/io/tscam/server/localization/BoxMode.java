package io.tscam.server.localization;

/** Which boxes a localized class gets. */
public enum BoxMode {
  /** The official TS-CAM box only: the largest contour's. */
  LARGEST,
  /** Also one box per outer contour of the class's map: every object it finds. */
  ALL
}
