package io.tscam.server.imaging;

import io.tscam.server.cam.Box;
import io.tscam.server.cam.GridMap;
import io.tscam.server.cam.ImageSize;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.List;
import java.util.Locale;

/**
 * Draws what the model saw: the photo scaled to fit a cap, the class's heat map blended over it in
 * JET colours, the box and a "label score" tag at its top-left corner; encoded as PNG.
 *
 * <p>The photo is scaled before anything else, so the cost follows the overlay's size, not the
 * upload's. Thread-safe. Drawing the label needs a font, so the runtime image needs fontconfig and
 * at least one font (e.g. Debian's fonts-dejavu-core).
 */
public final class OverlayRenderer {

  public static final int DEFAULT_MAX_SIDE = 1024;
  public static final double DEFAULT_HEAT_OPACITY = 0.5;

  /** Pure green is rare in a photo blended with JET colours, so the box stands out. */
  static final Color BOX_COLOUR = new Color(0, 255, 0);

  private static final Color LABEL_TEXT_COLOUR = Color.BLACK;

  private final int maxSide;
  private final RgbConverter converter = new RgbConverter();
  private final PhotoScaler scaler = new PhotoScaler();
  private final PngEncoder pngEncoder = new PngEncoder();
  private final HeatLayer heatLayer;

  /**
   * @param maxSide the longest side of the overlay in pixels; smaller photos keep their size
   * @param heatOpacity the heat colour's share of each pixel, 0..1
   */
  public OverlayRenderer(int maxSide, double heatOpacity) {
    if (maxSide <= 0) {
      throw new IllegalArgumentException("The overlay size cap must be positive: " + maxSide);
    }
    this.maxSide = maxSide;
    this.heatLayer = new HeatLayer(heatOpacity);
  }

  public OverlayRenderer() {
    this(DEFAULT_MAX_SIDE, DEFAULT_HEAT_OPACITY);
  }

  public byte[] renderPng(DecodedImage photo, GridMap heatMap, LabelledBox box) {
    return renderPng(photo, heatMap, List.of(box));
  }

  /** The heat map with several boxes (every object of one class), each labelled. */
  public byte[] renderPng(DecodedImage photo, GridMap heatMap, List<LabelledBox> boxes) {
    BufferedImage overlay = render(photo, heatMap, boxes);
    int[] pixels = ((DataBufferInt) overlay.getRaster().getDataBuffer()).getData();
    return pngEncoder.encode(pixels, overlay.getWidth(), overlay.getHeight());
  }

  /** The overlay as a TYPE_INT_RGB image, before encoding. */
  public BufferedImage render(DecodedImage photo, GridMap heatMap, LabelledBox box) {
    return render(photo, heatMap, List.of(box));
  }

  /** The overlay with several boxes, as a TYPE_INT_RGB image, before encoding. */
  public BufferedImage render(DecodedImage photo, GridMap heatMap, List<LabelledBox> boxes) {
    ImageSize size = overlaySize(photo);
    BufferedImage overlay =
        new BufferedImage(size.width(), size.height(), BufferedImage.TYPE_INT_RGB);
    int[] pixels = ((DataBufferInt) overlay.getRaster().getDataBuffer()).getData();
    scaler.scale(converter.toRgb(photo.image()), size, pixels);
    heatLayer.blendOnto(pixels, size.width(), size.height(), heatMap);
    for (LabelledBox box : boxes) {
      annotate(overlay, scaledBox(box.box(), photo, size), box);
    }
    return overlay;
  }

  /**
   * The source fitted to the cap. A read at most {@link ReducedRead#OVERLAY_SHORTFALL} short of
   * that (a 12 MP photo read at 1/4) is stretched to it, so the overlay's size does not depend on
   * libjpeg's scales; a read further short is drawn at its own size rather than blown up.
   */
  private ImageSize overlaySize(DecodedImage photo) {
    ImageSize wanted = fitted(photo.width(), photo.height());
    ImageSize own = fitted(photo.image().getWidth(), photo.image().getHeight());
    double shortfall = 1 - (double) longSide(own) / longSide(wanted);
    return shortfall <= ReducedRead.OVERLAY_SHORTFALL ? wanted : own;
  }

  private static int longSide(ImageSize size) {
    return Math.max(size.width(), size.height());
  }

  private ImageSize fitted(int width, int height) {
    double scale = Math.min(1.0, (double) maxSide / Math.max(width, height));
    return new ImageSize(
        Math.max(1, (int) Math.round(width * scale)),
        Math.max(1, (int) Math.round(height * scale)));
  }

  /** The box in overlay pixels, at least one pixel, inside the overlay. */
  private static Rectangle scaledBox(Box box, DecodedImage photo, ImageSize overlay) {
    double scaleX = (double) overlay.width() / photo.width();
    double scaleY = (double) overlay.height() / photo.height();
    int x1 = Math.min((int) Math.floor(box.x1() * scaleX), overlay.width() - 1);
    int y1 = Math.min((int) Math.floor(box.y1() * scaleY), overlay.height() - 1);
    int x2 = Math.max(x1 + 1, Math.min((int) Math.ceil(box.x2() * scaleX), overlay.width()));
    int y2 = Math.max(y1 + 1, Math.min((int) Math.ceil(box.y2() * scaleY), overlay.height()));
    return new Rectangle(x1, y1, x2 - x1, y2 - y1);
  }

  private static void annotate(BufferedImage overlay, Rectangle frame, LabelledBox box) {
    int longSide = Math.max(overlay.getWidth(), overlay.getHeight());
    Graphics2D graphics = overlay.createGraphics();
    try {
      drawFrame(graphics, frame, Math.max(2, Math.round(longSide / 300f)));
      drawLabel(graphics, overlay.getWidth(), frame, labelText(box), longSide);
    } finally {
      graphics.dispose();
    }
  }

  /** Bars inside the box, so its outer edge is exactly the box's. */
  private static void drawFrame(Graphics2D graphics, Rectangle frame, int thickness) {
    int barHeight = Math.min(thickness, frame.height);
    int barWidth = Math.min(thickness, frame.width);
    graphics.setColor(BOX_COLOUR);
    graphics.fillRect(frame.x, frame.y, frame.width, barHeight);
    graphics.fillRect(frame.x, frame.y + frame.height - barHeight, frame.width, barHeight);
    graphics.fillRect(frame.x, frame.y, barWidth, frame.height);
    graphics.fillRect(frame.x + frame.width - barWidth, frame.y, barWidth, frame.height);
  }

  private static String labelText(LabelledBox box) {
    return box.label() + " " + String.format(Locale.ROOT, "%.2f", box.score());
  }

  /** Above the box when there is room, otherwise just inside it; never off the right edge. */
  private static void drawLabel(
      Graphics2D graphics, int overlayWidth, Rectangle frame, String text, int longSide) {
    graphics.setFont(
        new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, Math.round(longSide / 45f))));
    graphics.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    FontMetrics metrics = graphics.getFontMetrics();
    int padding = Math.max(2, metrics.getHeight() / 6);
    int tagWidth = metrics.stringWidth(text) + 2 * padding;
    int tagHeight = metrics.getHeight() + 2 * padding;
    int tagX = Math.max(0, Math.min(frame.x, overlayWidth - tagWidth));
    int tagY = frame.y >= tagHeight ? frame.y - tagHeight : frame.y;
    graphics.setColor(BOX_COLOUR);
    graphics.fillRect(tagX, tagY, tagWidth, tagHeight);
    graphics.setColor(LABEL_TEXT_COLOUR);
    graphics.drawString(text, tagX + padding, tagY + padding + metrics.getAscent());
  }
}
