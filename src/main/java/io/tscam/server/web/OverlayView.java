package io.tscam.server.web;

import io.tscam.server.cam.Box;
import io.tscam.server.imaging.HeatMap;
import io.tscam.server.imaging.LabelledBox;
import io.tscam.server.imaging.OverlayRenderer;
import io.tscam.server.localization.ClassLocalization;
import io.tscam.server.localization.LocalizedImage;
import io.tscam.server.localization.MapGrid;
import org.springframework.stereotype.Component;

/** The PNG answer: the first localized class's map and box drawn over the image. */
@Component
class OverlayView {

  private final OverlayRenderer renderer;

  OverlayView(OverlayRenderer renderer) {
    this.renderer = renderer;
  }

  byte[] render(LocalizedImage result) {
    ClassLocalization first = result.localization().predictions().get(0);
    MapGrid map = first.map();
    Box box = first.box();
    return renderer.renderPng(
        result.image(),
        new HeatMap(map.values(), map.height(), map.width()),
        new LabelledBox(box.x1(), box.y1(), box.x2(), box.y2(), first.label(), first.score()));
  }
}
