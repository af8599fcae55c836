package io.tscam.server.testsupport;

import io.tscam.server.cam.ImageSize;
import io.tscam.server.cam.NormalizedCam;

/** Small maps drawn as text: '#' is 1, anything else 0, so that above any threshold '#' remain. */
public final class TextMaps {

  private TextMaps() {}

  public static NormalizedCam of(String... rows) {
    int width = rows[0].length();
    float[] values = new float[width * rows.length];
    for (int y = 0; y < rows.length; y++) {
      for (int x = 0; x < width; x++) {
        values[y * width + x] = rows[y].charAt(x) == '#' ? 1 : 0;
      }
    }
    return NormalizedCam.fromUpsampled(values, new ImageSize(width, rows.length));
  }
}
