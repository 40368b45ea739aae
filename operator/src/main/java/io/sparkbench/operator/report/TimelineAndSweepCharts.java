package io.sparkbench.operator.report;

import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.RoundSummary;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Rectangle;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.text.StringEscapeUtils;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * The results page's timeline and executor-sweep charts, drawn by JFreeChart and written as inline
 * SVG by JFreeSVG, in the page's size and colours. Like the page's other charts they need no script
 * and load nothing.
 */
final class TimelineAndSweepCharts {

  /** The parts of the timeline chart in order, with their colours. */
  private static final Map<String, Color> PARTS = new LinkedHashMap<>();

  static {
    PARTS.put("queued", new Color(0xadb5bd));
    PARTS.put("scheduling", new Color(0x868e96));
    PARTS.put("containerStart", new Color(0x495057));
    PARTS.put("jvmStart", new Color(0x343a40));
    PARTS.put("startup", new Color(0x5c6678));
    PARTS.put("generate", new Color(0x4c9be8));
    PARTS.put("bronze", new Color(0xc58b3c));
    PARTS.put("silver", new Color(0xb9c3cf));
    PARTS.put("gold", new Color(0xe0b531));
    PARTS.put("unstaged", new Color(0xdee2e6));
    PARTS.put("driverExit", new Color(0xc2255c));
    PARTS.put("recording", new Color(0x6741d9));
  }

  private static final Color[] SERIES = {
    new Color(0x1f6feb), new Color(0x2f9e44), new Color(0xe8590c), new Color(0x6741d9)
  };

  private static final Color INK = new Color(0x1d2433);
  private static final Color MUTED = new Color(0x4b5468);
  private static final Color GRID = new Color(0xeef0f4);

  private TimelineAndSweepCharts() {}

  /**
   * Each run's timeline, stacked: before the driver's JVM (queued, scheduling, container start, JVM
   * start), the run's stages and what of the run no stage counts, then the driver's exit and the
   * operator's recording.
   */
  static String timeline(List<RunResult> results) {
    String title = "Where the time of each run went";
    List<RunResult> timed = results.stream().filter(r -> r.timeline != null).toList();
    if (timed.isEmpty()) {
      return new SvgChart("timeline", title)
          .note("no run has a timeline (results recorded before timelines)")
          .toSvg();
    }
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (RunResult r : timed) {
      String run = ResultCharts.category(r, timed);
      for (Map.Entry<String, Double> part : parts(r).entrySet()) {
        data.addValue(part.getValue(), part.getKey(), run);
      }
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            title, null, "seconds", data, PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    BarRenderer renderer = (BarRenderer) plot.getRenderer();
    renderer.setBarPainter(new StandardBarPainter());
    renderer.setShadowVisible(false);
    renderer.setMaximumBarWidth(0.12);
    int series = 0;
    for (Color colour : PARTS.values()) {
      renderer.setSeriesPaint(series++, colour);
    }
    plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    plot.getDomainAxis().setTickLabelPaint(MUTED);
    style(chart, plot.getRangeAxis());
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlineVisible(false);
    return svg(chart, "timeline", title);
  }

  /** Seconds of each part of a run's timeline, in chart order; the run split into its stages. */
  static Map<String, Double> parts(RunResult r) {
    ScalingBenchmarkStatus.Timeline t = r.timeline;
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("queued", ResultCharts.value(t.queued));
    parts.put("scheduling", ResultCharts.value(t.scheduling));
    parts.put("containerStart", ResultCharts.value(t.containerStart));
    parts.put("jvmStart", ResultCharts.value(t.jvmStart));
    double staged = 0;
    double[] stages = ResultCharts.stageSeconds(r);
    for (int s = 0; s < ResultCharts.STAGES.length; s++) {
      parts.put(ResultCharts.STAGES[s], stages[s]);
      staged += stages[s];
    }
    parts.put("unstaged", Math.max(0, ResultCharts.value(t.run) - staged));
    parts.put("driverExit", ResultCharts.value(t.driverExit));
    parts.put("recording", ResultCharts.value(t.recording));
    return parts;
  }

  /**
   * With spec.executors: median seconds against executors, a line per record count, and the Ernest
   * model's curve for each (dashed) when it was fitted.
   */
  static String sweep(ScalingBenchmarkStatus.ExecutorScaling scaling) {
    String title = "Duration against executors";
    if (scaling == null || scaling.speedup.isEmpty()) {
      return new SvgChart("sweep", title)
          .note("needs runs at two executor counts of one record count")
          .toSvg();
    }
    List<Long> counts = scaling.speedup.stream().map(s -> s.records).distinct().sorted().toList();
    int maxExecutors = scaling.speedup.stream().mapToInt(s -> s.executors).max().orElse(2);
    XYSeriesCollection data = new XYSeriesCollection();
    for (long records : counts) {
      XYSeries measured = new XYSeries(SvgChart.number(records) + " records");
      scaling.speedup.stream()
          .filter(s -> s.records == records)
          .forEach(s -> measured.add(s.executors.doubleValue(), s.seconds));
      data.addSeries(measured);
    }
    ScalingBenchmarkStatus.Ernest ernest = scaling.ernest;
    if (ernest != null) {
      for (long records : counts) {
        XYSeries model = new XYSeries(SvgChart.number(records) + " Ernest");
        for (int e = 1; e <= maxExecutors; e++) {
          model.add(
              e,
              ernest.fixedSeconds
                  + ernest.microsPerRecord * records / e / 1e6
                  + ernest.logExecutorsSeconds * Math.log(e)
                  + ernest.perExecutorSeconds * e);
        }
        data.addSeries(model);
      }
    }
    return lineChart("sweep", title, "executors", data, counts.size(), 0.5, maxExecutors + 0.5);
  }

  /**
   * The trend across rounds: each record count and executor count's median against the round, with
   * the baseline's median (dashed) when the latest comparison has one.
   */
  static String trend(List<RoundSummary> rounds, Comparison comparison) {
    String title = "Median duration per round";
    if (rounds == null || rounds.isEmpty()) {
      return new SvgChart("trend", title).note("needs a finished round").toSvg();
    }
    Map<String, XYSeries> lines = new LinkedHashMap<>();
    for (RoundSummary round : rounds) {
      for (RoundSummary.Count count : round.counts) {
        String key = SvgChart.number(count.records) + " × " + count.executors + " executor(s)";
        lines
            .computeIfAbsent(key, XYSeries::new)
            .add(round.round.doubleValue(), count.medianSeconds);
      }
    }
    XYSeriesCollection data = new XYSeriesCollection();
    lines.values().forEach(data::addSeries);
    int measured = lines.size();
    if (comparison != null) {
      for (Comparison.Count count : comparison.counts) {
        if (count.baselineSeconds == null) {
          continue;
        }
        XYSeries baseline =
            new XYSeries(SvgChart.number(count.records) + " × " + count.executors + " baseline");
        // across the whole axis, so that one round still shows where its baseline lies
        baseline.add(rounds.get(0).round - 0.5, count.baselineSeconds);
        baseline.add(rounds.get(rounds.size() - 1).round + 0.5, count.baselineSeconds);
        data.addSeries(baseline);
      }
    }
    return lineChart(
        "trend",
        title,
        "round",
        data,
        measured,
        rounds.get(0).round - 0.5,
        rounds.get(rounds.size() - 1).round + 0.5);
  }

  /**
   * Seconds against whole numbers on x from {@code xFrom} to {@code xTo}: the first {@code
   * measured} series solid with points, the rest dashed in the colours of the measured ones (a
   * model's curve or a baseline for each).
   */
  private static String lineChart(
      String id,
      String title,
      String xLabel,
      XYSeriesCollection data,
      int measured,
      double xFrom,
      double xTo) {
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            title, xLabel, "seconds", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer();
    for (int s = 0; s < data.getSeriesCount(); s++) {
      renderer.setSeriesPaint(s, SERIES[(s % Math.max(1, measured)) % SERIES.length]);
      if (s >= measured) {
        renderer.setSeriesShapesVisible(s, false);
        renderer.setSeriesStroke(
            s,
            new BasicStroke(
                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {5f, 4f}, 0f));
      } else {
        renderer.setSeriesStroke(s, new BasicStroke(2f));
      }
    }
    plot.setRenderer(renderer);
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    x.setRange(xFrom, xTo);
    style(chart, plot.getRangeAxis());
    x.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    x.setLabelPaint(MUTED);
    x.setTickLabelPaint(MUTED);
    ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(true);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setOutlineVisible(false);
    return svg(chart, id, title);
  }

  private static void style(JFreeChart chart, org.jfree.chart.axis.ValueAxis y) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    chart.getTitle().setPaint(INK);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.TOP);
    legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    legend.setItemPaint(MUTED);
    legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
    y.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    y.setLabelPaint(MUTED);
    y.setTickLabelPaint(MUTED);
  }

  /** The chart as an SVG element of the page's chart size, scaled with the page like the others. */
  private static String svg(JFreeChart chart, String id, String title) {
    SVGGraphics2D g = new SVGGraphics2D(SvgChart.WIDTH, SvgChart.HEIGHT);
    g.setDefsKeyPrefix(id + "-");
    chart.draw(g, new Rectangle(0, 0, SvgChart.WIDTH, SvgChart.HEIGHT));
    String svg =
        g.getSVGElement(id, true, new ViewBox(0, 0, SvgChart.WIDTH, SvgChart.HEIGHT), null, null);
    return svg.replaceFirst(
        "<svg ",
        "<svg class=\"chart\" role=\"img\" aria-label=\""
            + StringEscapeUtils.escapeXml11(title)
            + "\" ");
  }
}
