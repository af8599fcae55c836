package io.tscam.server.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The browser test's box detector says no as readily as yes. */
class DrawnBoxOutlineTest {

  private static final int GREEN = 0x00FF00;

  @Test
  void findsNoOutlineInAPlainNoisyImage() throws IOException {
    DrawnBoxOutline outline = new DrawnBoxOutline(sample());
    assertThat(outline.colourAround(0, 0, 224, 224)).isEmpty();
    assertThat(outline.colourAround(0, 0, 170, 224)).isEmpty();
    assertThat(outline.colourAround(28, 105, 151, 157)).isEmpty();
  }

  @Test
  void findsAStrokedRectangleWithinAFewPixelsButNotElsewhere() throws IOException {
    BufferedImage image = sample();
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(new Color(GREEN));
    graphics.setStroke(new BasicStroke(2));
    graphics.drawRect(29, 106, 120, 49);
    graphics.dispose();
    DrawnBoxOutline outline = new DrawnBoxOutline(image);
    assertThat(outline.colourAround(28, 105, 151, 157)).contains(GREEN);
    assertThat(outline.colourAround(40, 90, 120, 180)).isEmpty();
  }

  private static BufferedImage sample() throws IOException {
    BufferedImage png = ImageIO.read(new File("src/main/resources/static/samples/sneaker.png"));
    BufferedImage rgb =
        new BufferedImage(png.getWidth(), png.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = rgb.createGraphics();
    graphics.drawImage(png, 0, 0, null);
    graphics.dispose();
    return rgb;
  }
}
