package io.tscam.server.localization;

import static org.assertj.core.api.Assertions.assertThat;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.ImageSize;
import io.tscam.server.inference.InferenceQueue;
import io.tscam.server.testsupport.ServedWithTinyModel;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The evidence passes run the real model through the queue: a box over the whole input keeps the
 * image as it is (keep = the class's score), an empty box removes nothing (remove = the score), and
 * keeping nothing is removing everything.
 */
@ServedWithTinyModel
class EvidenceTest {

  @Autowired Localizer localizer;

  @Test
  void theWholeBoxKeepsTheScoreAndAnEmptyBoxRemovesNothing() throws Exception {
    ImageAnalysis analysis;
    try (InferenceQueue.Arrival arrival = localizer.admit()) {
      analysis = localizer.analyze(arrival, picture(), Fusion.TSCAM);
    }
    ImageSize input = analysis.inputSize();
    Box whole = new Box(0, 0, input.width(), input.height());
    Box empty = new Box(0, 0, 0, 0);
    for (int classIndex : analysis.topClasses(3)) {
      double score = analysis.probability(classIndex);
      Evidence all = localizer.evidence(analysis, classIndex, whole);
      Evidence none = localizer.evidence(analysis, classIndex, empty);
      assertThat(all.keep()).isCloseTo(score, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(none.remove()).isCloseTo(score, org.assertj.core.data.Offset.offset(1e-6));
      assertThat(none.keep()).isCloseTo(all.remove(), org.assertj.core.data.Offset.offset(1e-6));
      assertThat(all.remove()).isNotCloseTo(score, org.assertj.core.data.Offset.offset(1e-6));
    }
  }

  private static byte[] picture() throws Exception {
    BufferedImage image = new BufferedImage(200, 150, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color(40, 90, 160));
    g.fillRect(0, 0, 200, 150);
    g.setColor(Color.ORANGE);
    g.fillOval(50, 40, 100, 70);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
