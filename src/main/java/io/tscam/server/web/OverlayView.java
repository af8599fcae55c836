package io.tscam.server.web;

import io.tscam.server.imaging.LabelledBox;
import io.tscam.server.imaging.OverlayRenderer;
import io.tscam.server.localization.ClassLocalization;
import io.tscam.server.localization.LocalizedImage;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The PNG answer: the first localized class's map and box drawn over the image; with boxes=all,
 * every box of that class.
 */
@Component
class OverlayView {

  private final OverlayRenderer renderer;

  OverlayView(OverlayRenderer renderer) {
    this.renderer = renderer;
  }

  byte[] render(LocalizedImage result) {
    ClassLocalization first = result.localization().predictions().get(0);
    return renderer.renderPng(result.image(), first.map(), boxes(first));
  }

  private static List<LabelledBox> boxes(ClassLocalization drawn) {
    if (drawn.objects() == null || drawn.objects().isEmpty()) {
      return List.of(new LabelledBox(drawn.box(), drawn.label(), drawn.score()));
    }
    return drawn.objects().stream()
        .map(object -> new LabelledBox(object.box(), drawn.label(), drawn.score()))
        .toList();
  }
}
