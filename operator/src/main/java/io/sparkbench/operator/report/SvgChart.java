package io.sparkbench.operator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.text.StringEscapeUtils;

/**
 * One chart of the results page as inline SVG: a plot area, its axes with ticks and labels, and the
 * marks drawn into it. Scales are linear or logarithmic; a categorical x axis serves bar charts.
 * Everything is drawn here, on the server: the page needs no script and no network.
 */
final class SvgChart {

  static final int WIDTH = 600;
  static final int HEIGHT = 300;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 64;
  private static final int BOTTOM = 48;

  /** A mapping of values onto pixels between {@code from} and {@code to}. */
  record Scale(double min, double max, boolean log, double from, double to) {

    double at(double value) {
      double lo = log ? Math.log10(min) : min;
      double hi = log ? Math.log10(max) : max;
      double v = log ? Math.log10(Math.max(value, min)) : value;
      return hi == lo ? (from + to) / 2 : from + (v - lo) / (hi - lo) * (to - from);
    }

    /** Decades on a log scale; about five round steps on a linear one. */
    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      if (log) {
        for (double t = min; t <= max * 1.0001; t *= 10) {
          ticks.add(t);
        }
        return ticks;
      }
      double step = niceStep((max - min) / 5);
      for (double t = Math.ceil(min / step) * step; t <= max + step * 1e-6; t += step) {
        ticks.add(t);
      }
      return ticks;
    }
  }

  /** A log scale over whole decades around {@code [low, high]}. */
  static Scale logScale(double low, double high, double from, double to) {
    double min = Math.pow(10, Math.floor(Math.log10(Math.max(low, 1e-9))));
    double max = Math.pow(10, Math.ceil(Math.log10(Math.max(high, min * 10))));
    if (max <= min) {
      max = min * 10;
    }
    return new Scale(min, max, true, from, to);
  }

  /** A linear scale from 0 to a round number at or above {@code high}. */
  static Scale linearScale(double high, double from, double to) {
    double step = niceStep(Math.max(high, 1e-9) / 5);
    return new Scale(0, Math.ceil(Math.max(high, 1e-9) / step) * step, false, from, to);
  }

  /** The x pixels of the plot area: left and right edges. */
  static double plotLeft() {
    return LEFT;
  }

  static double plotRight() {
    return WIDTH - RIGHT;
  }

  /** The y pixels of the plot area, bottom first (values grow upwards). */
  static double plotBottom() {
    return HEIGHT - BOTTOM;
  }

  static double plotTop() {
    return TOP;
  }

  private final StringBuilder svg = new StringBuilder();
  private final String id;

  /** A chart titled {@code title}; {@code id} names it in the page (for tests and links). */
  SvgChart(String id, String title) {
    this.id = id;
    svg.append(
        String.format(
            Locale.ROOT,
            "<svg id=\"%s\" class=\"chart\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\""
                + " role=\"img\" aria-label=\"%s\" xmlns=\"http://www.w3.org/2000/svg\">",
            id,
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            escape(title)));
    text(WIDTH / 2.0, 18, "title", "middle", title);
  }

  /** A numeric x axis with its ticks, grid lines and label. */
  SvgChart xAxis(Scale x, String label) {
    line(plotLeft(), plotBottom(), plotRight(), plotBottom(), "axis");
    for (double t : x.ticks()) {
      double px = x.at(t);
      line(px, plotTop(), px, plotBottom(), "grid");
      text(px, plotBottom() + 16, "tick", "middle", number(t));
    }
    text((plotLeft() + plotRight()) / 2, HEIGHT - 8, "label", "middle", label);
    return this;
  }

  /** A categorical x axis: one slot per category, labelled below. */
  SvgChart xCategories(List<String> categories) {
    line(plotLeft(), plotBottom(), plotRight(), plotBottom(), "axis");
    double slot = (plotRight() - plotLeft()) / Math.max(1, categories.size());
    for (int i = 0; i < categories.size(); i++) {
      text(plotLeft() + slot * (i + 0.5), plotBottom() + 16, "tick", "middle", categories.get(i));
    }
    return this;
  }

  /** A numeric y axis with its ticks, grid lines and label. */
  SvgChart yAxis(Scale y, String label) {
    line(plotLeft(), plotTop(), plotLeft(), plotBottom(), "axis");
    for (double t : y.ticks()) {
      double py = y.at(t);
      line(plotLeft(), py, plotRight(), py, "grid");
      text(plotLeft() - 6, py + 4, "tick", "end", number(t));
    }
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"label\" text-anchor=\"middle\" transform=\"translate(16 %.1f)"
                + " rotate(-90)\">%s</text>",
            (plotTop() + plotBottom()) / 2,
            escape(label)));
    return this;
  }

  /** A dot with a tooltip; {@code cssClass} says what it is (tests count them by class). */
  SvgChart point(double px, double py, String cssClass, String tooltip) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4.5\"><title>%s</title></circle>",
            cssClass,
            px,
            py,
            escape(tooltip)));
    return this;
  }

  /** A hollow diamond with a tooltip. */
  SvgChart diamond(double px, double py, String cssClass, String tooltip) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<path class=\"%s\" d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\"><title>%s</title></path>",
            cssClass,
            px,
            py - 6,
            escape(tooltip)));
    return this;
  }

  /** A polyline through {@code points} (pixel pairs). */
  SvgChart polyline(List<double[]> points, String cssClass) {
    StringBuilder d = new StringBuilder();
    for (double[] p : points) {
      d.append(d.length() == 0 ? "M" : " L")
          .append(String.format(Locale.ROOT, "%.1f %.1f", p[0], p[1]));
    }
    svg.append("<path class=\"").append(cssClass).append("\" d=\"").append(d).append("\"/>");
    return this;
  }

  /** A bar from {@code top} down to {@code bottom} pixels, with a tooltip. */
  SvgChart bar(double left, double width, double top, double bottom, String cssClass, String tip) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">"
                + "<title>%s</title></rect>",
            cssClass,
            left,
            Math.min(top, bottom),
            width,
            Math.abs(bottom - top),
            escape(tip)));
    return this;
  }

  /**
   * Legend entries between the title and the plot, one swatch per class, in a second row where the
   * first is full.
   */
  SvgChart legend(List<String> cssClasses, List<String> labels) {
    double x = plotLeft() + 4;
    int row = 0;
    for (int i = 0; i < labels.size(); i++) {
      double width = 22 + labels.get(i).length() * 6.2;
      if (x + width > plotRight() && x > plotLeft() + 4 && row == 0) {
        x = plotLeft() + 4;
        row = 1;
      }
      svg.append(
          String.format(
              Locale.ROOT,
              "<rect class=\"%s swatch\" x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\"/>",
              cssClasses.get(i),
              x,
              TOP - 34 + 13 * row));
      text(x + 14, TOP - 25 + 13 * row, "legend", "start", labels.get(i));
      x += width;
    }
    return this;
  }

  /** A note in the plot area, for a chart with nothing to draw. */
  SvgChart note(String text) {
    text((plotLeft() + plotRight()) / 2, (plotTop() + plotBottom()) / 2, "note", "middle", text);
    return this;
  }

  String id() {
    return id;
  }

  String toSvg() {
    return svg + "</svg>";
  }

  private void line(double x1, double y1, double x2, double y2, String cssClass) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
            cssClass,
            x1,
            y1,
            x2,
            y2));
  }

  private void text(double x, double y, String cssClass, String anchor, String text) {
    svg.append(
        String.format(
            Locale.ROOT,
            "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
            cssClass,
            x,
            y,
            anchor,
            escape(text)));
  }

  /** Text or an attribute value, escaped for HTML and SVG alike; null is empty. */
  static String escape(String text) {
    return text == null ? "" : StringEscapeUtils.escapeXml10(text);
  }

  /** 1, 2 or 5 times a power of ten, at or above {@code raw}. */
  static double niceStep(double raw) {
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double fraction = raw / magnitude;
    double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
    return nice * magnitude;
  }

  /** A tick label: 10k, 1M, 2.5, 300. */
  static String number(double value) {
    double abs = Math.abs(value);
    if (abs >= 1e9) {
      return trim(value / 1e9) + "G";
    }
    if (abs >= 1e6) {
      return trim(value / 1e6) + "M";
    }
    if (abs >= 1e4) {
      return trim(value / 1e3) + "k";
    }
    return trim(value);
  }

  private static String trim(double value) {
    String s = String.format(Locale.ROOT, "%.2f", value);
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
