package io.terafleet.sim.fleet;

import java.util.Locale;
import java.util.stream.IntStream;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;

/** A one-file HTML report: XChart renders PNG charts, embedded as base64 data URIs so nothing else is needed. */
final class HtmlReport {
    private HtmlReport() {
    }

    static String render(FleetResult r, Scenario scenario) {
        return render(r, scenario, "");
    }

    /** The report, with {@code extraHtml} (e.g. a sensitivity study) before the assumptions. */
    static String render(FleetResult r, Scenario scenario, String extraHtml) {
        System.setProperty("java.awt.headless", "true");
        var h = r.hourly();
        var t = r.totals();
        var e = r.earnings();
        double[] hours = IntStream.range(0, h.hours()).asDoubleStream().toArray();
        XYChart cars = line("Cars by hour (UTC), whole fleet", "cars");
        cars.addSeries("parked", hours, totals(h.parked()));
        cars.addSeries("plugged in", hours, totals(h.plugged()));
        cars.addSeries("eligible", hours, totals(h.eligible()));
        cars.addSeries("computing", hours, totals(h.computing()));
        XYChart power = line("Compute power by region (GW)", "GW");
        for (int reg = 0; reg < r.regions().size(); reg++) {
            power.addSeries(r.regions().get(reg), hours, column(h.computeGw(), reg));
        }
        XYChart demand = line("Inferences per second: capacity, online demand, served", "inferences/s");
        demand.addSeries("eligible capacity", hours, h.capacityPerSecond());
        demand.addSeries("online demand", hours, h.onlinePerSecond());
        demand.addSeries("served", hours, h.servedPerSecond());
        CategoryChart earnings = new CategoryChartBuilder().width(900).height(380)
                .title("Owners' monthly net earnings (opted-in owners)").xAxisTitle("net per month")
                .yAxisTitle("owners").build();
        earnings.getStyler().setLegendVisible(false);
        earnings.getStyler().setXAxisLabelRotation(60);
        String[] labels = new String[e.binCounts().length];
        double[] counts = new double[labels.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = String.format(Locale.ROOT, "%.2f", (e.binEdges()[i] + e.binEdges()[i + 1]) / 2);
            counts[i] = e.binCounts()[i];
        }
        earnings.addSeries("owners", java.util.Arrays.asList(labels),
                java.util.Arrays.stream(counts).boxed().toList());
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>Terafleet fleet simulation</title>")
                .append("<style>body{font-family:sans-serif;max-width:960px;margin:2em auto}td,th{padding:2px 10px;")
                .append("text-align:right}th{text-align:left}</style></head><body>")
                .append("<h1>Fleet simulation: ").append(escape(r.scenario())).append("</h1>")
                .append(String.format(Locale.ROOT, "<p>%,d cars, %d day(s) from %s, seed %d, opt-in rate %.0f%%, "
                                + "workload %s, %s unit sizing.</p>", r.cars(), r.days(), scenario.startDate(), r.seed(),
                        scenario.optInRate() * 100, scenario.workload(),
                        scenario.units().departureAware() ? "departure-aware" : "fixed"))
                .append("<table>")
                .append(row("mean compute power", "%.4f GW", t.meanComputeGw()))
                .append(row("peak hourly compute power", "%.4f GW", t.peakComputeGw()))
                .append(row("car-hours eligible", "%,.0f", t.carHoursEligible()))
                .append(row("inferences finished", "%.4g", t.inferences()))
                .append(row("energy", "%,.1f MWh", t.energyKwh() / 1000))
                .append(row("energy per inference", "%.4f J", t.joulesPerInference()))
                .append(row("goodput (useful / total compute)", "%.4f", t.goodput()))
                .append(row("preemptions", "%,.0f", t.preemptions()))
                .append(row("battery energy used for compute", "%,.1f MWh", t.batteryKwh() / 1000))
                .append("</table>")
                .append(String.format(Locale.ROOT, "<p>Owners' monthly net: p5 %.2f, p25 %.2f, median %.2f, p75 %.2f, "
                        + "p95 %.2f, p99 %.2f, mean %.2f over %,d owners.</p>", e.p5(), e.p25(), e.p50(), e.p75(),
                        e.p95(), e.p99(), e.mean(), e.owners()));
        for (Chart<?, ?> chart : new Chart<?, ?>[] {cars, power, demand, earnings}) {
            html.append("<p><img alt=\"chart\" src=\"data:image/png;base64,").append(png(chart)).append("\"></p>");
        }
        html.append(DecisionSections.market(r)).append(DecisionSections.heat(r))
                .append(DecisionSections.tier(r, scenario)).append(extraHtml)
                .append(DecisionSections.assumptions(scenario));
        return html.append("</body></html>\n").toString();
    }

    private static XYChart line(String title, String yTitle) {
        XYChart chart = new XYChartBuilder().width(900).height(380).title(title).xAxisTitle("hour (UTC)")
                .yAxisTitle(yTitle).build();
        chart.getStyler().setMarkerSize(0);
        return chart;
    }

    private static String png(Chart<?, ?> chart) {
        return ReportCharts.png(chart);
    }

    private static double[] totals(double[][] series) {
        return IntStream.range(0, series.length).mapToDouble(hour -> FleetResult.Hourly.total(series, hour)).toArray();
    }

    private static double[] column(double[][] series, int region) {
        return IntStream.range(0, series.length).mapToDouble(hour -> series[hour][region]).toArray();
    }

    private static String row(String name, String format, double value) {
        String text = String.format(Locale.ROOT, format, value);
        return "<tr><th>" + escape(name) + "</th><td>" + text + "</td></tr>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
