package io.terafleet.sim.study;

import io.terafleet.sim.fleet.ReportCharts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** The sensitivity study as an HTML fragment: two bar charts (PNG) and a table, plus what 100 GW takes. */
public final class StudyReport {
    private StudyReport() {
    }

    public static String html(Sensitivity.Study s) {
        SampleRun base = s.base();
        StringBuilder html = new StringBuilder("<h2>Sensitivity: what moves capacity and earnings</h2>");
        html.append(String.format(Locale.ROOT, "<p>One factor at a time around the base, each run on %,d cars "
                        + "standing for %,d (demand scaled to the sample), %d day(s). Capacity is the mean power "
                        + "the owners' policies make available; used is what demand takes. Base: capacity %.2f GW, "
                        + "used %.3f GW, owners' mean monthly net %.2f.</p>", base.sampleCars(), base.representedCars(),
                base.result().days(), base.eligibleGw(), base.meanGw(), base.ownerMeanNet()));
        html.append("<p><img alt=\"sensitivity of power\" src=\"data:image/png;base64,")
                .append(ReportCharts.png(chart(s, true))).append("\"></p>");
        html.append("<p><img alt=\"sensitivity of earnings\" src=\"data:image/png;base64,")
                .append(ReportCharts.png(chart(s, false))).append("\"></p>");
        html.append("<table><tr><th>factor</th><th>low</th><th>capacity GW</th><th>used GW</th><th>owners' net</th>"
                + "<th>high</th><th>capacity GW</th><th>used GW</th><th>owners' net</th></tr>");
        for (Sensitivity.Outcome o : s.outcomes()) {
            html.append(String.format(Locale.ROOT, "<tr><th>%s</th><td>%s</td><td>%.2f (%+.0f%%)</td><td>%.3f</td>"
                            + "<td>%.2f (%+.0f%%)</td><td>%s</td><td>%.2f (%+.0f%%)</td><td>%.3f</td>"
                            + "<td>%.2f (%+.0f%%)</td></tr>",
                    o.factor().name(), o.factor().low(), o.low().eligibleGw(), o.gwChange(base, false),
                    o.low().meanGw(), o.low().ownerMeanNet(), o.earningsChange(base, false), o.factor().high(),
                    o.high().eligibleGw(), o.gwChange(base, true), o.high().meanGw(), o.high().ownerMeanNet(),
                    o.earningsChange(base, true)));
        }
        html.append("</table>");
        var h = s.hundredGw();
        html.append("<h3>What \"100 million cars × 1 kW = 100 GW\" needs</h3><p>")
                .append(String.format(Locale.ROOT, "In the base, owners' policies make %.1f W per car available on "
                                + "average (opt-in, parking, plug-in habit, policies and heat counted) and demand uses "
                                + "%.1f W. 1 kW per car is %.0f× the available power: every car would need a 1 kW "
                                + "computer, opted in and allowed whenever parked. Absorbing 100 GW at the base's energy per "
                                + "item is %.3g items a day; the market asks the fleet for %.3g a day at its price "
                                + "(%.2g× short).", h.eligibleWattsPerCar(), h.computedWattsPerCar(), h.factorToOneKw(),
                        h.itemsPerDayFor100Gw(), h.marketItemsPerDayAtFleetPrice(),
                        h.itemsPerDayFor100Gw() / Math.max(1, h.marketItemsPerDayAtFleetPrice())))
                .append("</p>");
        return html.toString();
    }

    private static CategoryChart chart(Sensitivity.Study s, boolean power) {
        CategoryChart chart = new CategoryChartBuilder().width(900).height(380)
                .title(power ? "Capacity (available compute power): change from base (%)" : "Owners' mean monthly net: change from base (%)")
                .xAxisTitle("factor (low / high)").yAxisTitle("% change").build();
        List<String> names = new ArrayList<>();
        List<Double> low = new ArrayList<>();
        List<Double> high = new ArrayList<>();
        for (Sensitivity.Outcome o : s.outcomes()) {
            names.add(o.factor().name());
            low.add(power ? o.gwChange(s.base(), false) : o.earningsChange(s.base(), false));
            high.add(power ? o.gwChange(s.base(), true) : o.earningsChange(s.base(), true));
        }
        chart.addSeries("low", names, low);
        chart.addSeries("high", names, high);
        return chart;
    }
}
