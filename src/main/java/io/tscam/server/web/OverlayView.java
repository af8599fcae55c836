package io.tscam.server.web;

import io.tscam.server.imaging.LabelledBox;
import io.tscam.server.imaging.OverlayRenderer;
import io.tscam.server.localization.ClassLocalization;
import io.tscam.server.localization.LocalizedImage;
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
    return renderer.renderPng(
        result.image(), first.map(), new LabelledBox(first.box(), first.label(), first.score()));
  }
}
