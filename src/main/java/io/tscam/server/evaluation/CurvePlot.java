package io.tscam.server.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The accuracy-per-threshold curve as a PNG-ready image (Java2D): box accuracy at IoU 0.3, 0.5 and
 * 0.7 with each maximum marked, GT-known Loc of the official box, and the evaluated threshold.
 */
final class CurvePlot {

  private static final int WIDTH = 960;
  private static final int HEIGHT = 600;
  private static final int LEFT = 80;
  private static final int RIGHT = 30;
  private static final int TOP = 70;
  private static final int BOTTOM = 70;
  private static final Color[] BOX_ACCURACY_COLOURS = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)
  };
  private static final Color GT_KNOWN_COLOUR = new Color(0xd62728);
  private static final Color GRID = new Color(0xe6e6e6);
  private static final Stroke CURVE = new BasicStroke(2.2f);
  private static final Stroke DASHED =
      new BasicStroke(
          1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f);

  private final String title;
  private final String subtitle;
  private final double camThreshold;

  CurvePlot(String title, String subtitle, double camThreshold) {
    this.title = title;
    this.subtitle = subtitle;
    this.camThreshold = camThreshold;
  }

  BufferedImage render(List<CurvePoint> curve) {
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      drawTitles(g);
      drawAxes(g);
      drawThresholdMarker(g);
      for (int level = 0; level < BoxAccuracyCurve.IOU_LEVELS.size(); level++) {
        int index = level;
        drawSeries(g, curve, p -> p.boxAccuracy().get(index), BOX_ACCURACY_COLOURS[level], CURVE);
        markMaximum(g, curve, p -> p.boxAccuracy().get(index), BOX_ACCURACY_COLOURS[level]);
      }
      drawSeries(g, curve, CurvePoint::gtKnownLoc, GT_KNOWN_COLOUR, DASHED);
      drawLegend(g);
    } finally {
      g.dispose();
    }
    return image;
  }

  private static double x(double threshold) {
    return LEFT + threshold * (WIDTH - LEFT - RIGHT);
  }

  private static double y(double percent) {
    return HEIGHT - BOTTOM - percent / 100.0 * (HEIGHT - TOP - BOTTOM);
  }

  private void drawTitles(Graphics2D g) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    centred(g, title, WIDTH / 2, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    centred(g, subtitle, WIDTH / 2, 50);
  }

  private static void drawAxes(Graphics2D g) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics metrics = g.getFontMetrics();
    for (int tick = 0; tick <= 10; tick++) {
      double tx = x(tick / 10.0);
      double ty = y(tick * 10.0);
      g.setColor(GRID);
      g.draw(new Line2D.Double(tx, y(0), tx, y(100)));
      g.draw(new Line2D.Double(x(0), ty, x(1), ty));
      g.setColor(Color.BLACK);
      g.draw(new Line2D.Double(tx, y(0), tx, y(0) + 5));
      g.draw(new Line2D.Double(x(0) - 5, ty, x(0), ty));
      centred(g, String.format(Locale.ROOT, "%.1f", tick / 10.0), (int) tx, (int) y(0) + 20);
      String percent = Integer.toString(tick * 10);
      g.drawString(percent, (int) x(0) - 9 - metrics.stringWidth(percent), (int) ty + 4);
    }
    g.setStroke(new BasicStroke(1.2f));
    g.draw(new Line2D.Double(x(0), y(0), x(1), y(0)));
    g.draw(new Line2D.Double(x(0), y(0), x(0), y(100)));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    centred(
        g, "cam threshold (fraction of the map maximum)", (WIDTH + LEFT - RIGHT) / 2, HEIGHT - 22);
    Graphics2D vertical = (Graphics2D) g.create();
    vertical.rotate(-Math.PI / 2);
    centred(vertical, "images localized (%)", -(HEIGHT + TOP - BOTTOM) / 2, 24);
    vertical.dispose();
  }

  private void drawThresholdMarker(Graphics2D g) {
    g.setColor(Color.GRAY);
    g.setStroke(DASHED);
    g.draw(new Line2D.Double(x(camThreshold), y(0), x(camThreshold), y(100)));
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(
        String.format(Locale.ROOT, "evaluated threshold %.2f", camThreshold),
        (int) x(camThreshold) + 5,
        (int) y(100) + 14);
  }

  private static void drawSeries(
      Graphics2D g,
      List<CurvePoint> curve,
      ToDoubleFunction<CurvePoint> value,
      Color colour,
      Stroke stroke) {
    Path2D.Double line = new Path2D.Double();
    for (int i = 0; i < curve.size(); i++) {
      CurvePoint point = curve.get(i);
      double px = x(point.camThreshold());
      double py = y(value.applyAsDouble(point));
      if (i == 0) {
        line.moveTo(px, py);
      } else {
        line.lineTo(px, py);
      }
    }
    g.setColor(colour);
    g.setStroke(stroke);
    g.draw(line);
  }

  /** A dot on the first point of highest accuracy: the threshold MaxBoxAccV2 picks. */
  private static void markMaximum(
      Graphics2D g, List<CurvePoint> curve, ToDoubleFunction<CurvePoint> value, Color colour) {
    CurvePoint best = curve.get(0);
    for (CurvePoint point : curve) {
      if (value.applyAsDouble(point) > value.applyAsDouble(best)) {
        best = point;
      }
    }
    double radius = 5;
    g.setColor(colour);
    g.fill(
        new Ellipse2D.Double(
            x(best.camThreshold()) - radius,
            y(value.applyAsDouble(best)) - radius,
            2 * radius,
            2 * radius));
  }

  private static void drawLegend(Graphics2D g) {
    String[] names = new String[BoxAccuracyCurve.IOU_LEVELS.size() + 1];
    for (int level = 0; level < BoxAccuracyCurve.IOU_LEVELS.size(); level++) {
      names[level] =
          String.format(
              Locale.ROOT,
              "BoxAcc, IoU >= %.1f (all contours)",
              BoxAccuracyCurve.IOU_LEVELS.get(level));
    }
    names[names.length - 1] = "GT-known Loc (largest contour, IoU >= 0.5)";
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics metrics = g.getFontMetrics();
    int widest = 0;
    for (String name : names) {
      widest = Math.max(widest, metrics.stringWidth(name));
    }
    int rowHeight = 18;
    int boxWidth = widest + 56;
    int boxHeight = names.length * rowHeight + 12;
    int left = (int) x(1) - boxWidth - 10;
    int top = (int) y(100) + 24;
    g.setColor(new Color(255, 255, 255, 230));
    g.fillRect(left, top, boxWidth, boxHeight);
    g.setColor(Color.GRAY);
    g.setStroke(new BasicStroke(1f));
    g.drawRect(left, top, boxWidth, boxHeight);
    for (int row = 0; row < names.length; row++) {
      boolean gtKnown = row == names.length - 1;
      int baseline = top + 6 + (row + 1) * rowHeight - 5;
      g.setColor(gtKnown ? GT_KNOWN_COLOUR : BOX_ACCURACY_COLOURS[row]);
      g.setStroke(gtKnown ? DASHED : CURVE);
      g.draw(new Line2D.Double(left + 10, baseline - 4, left + 42, baseline - 4));
      g.setColor(Color.BLACK);
      g.drawString(names[row], left + 50, baseline);
    }
  }

  private static void centred(Graphics2D g, String text, int centreX, int baseline) {
    g.drawString(text, centreX - g.getFontMetrics().stringWidth(text) / 2, baseline);
  }
}
