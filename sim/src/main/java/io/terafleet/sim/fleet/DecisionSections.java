package io.terafleet.sim.fleet;

import java.util.Locale;
import java.util.stream.IntStream;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** The report's decision sections: price and break-even, heat and wear, the coordinator tier, the assumptions. */
final class DecisionSections {
    private DecisionSections() {
    }

    static String market(FleetResult r) {
        Pricing p = r.pricing();
        StringBuilder html = new StringBuilder("<h2>Price and demand (").append(esc(p.workload())).append(")</h2>");
        html.append("<table>")
                .append(row("datacenter alternative (cheapest)", esc(p.alternative())))
                .append(row("its price per 1,000 " + p.item() + "s", fmt("%.3g", p.referencePricePerThousand())))
                .append(row("fleet price per 1,000 " + p.item() + "s", fmt("%.3g", p.fleetPricePerThousand())))
                .append(row("owner's pay per 1,000 " + p.item() + "s", fmt("%.3g", p.ownerPayPerThousand())))
                .append(row("market demand on the fleet per day", fmt("%.3g", p.fleetItemsPerDay())))
                .append(row("share of demand served", fmt("%.1f%%", 100 * p.servedShare())))
                .append(row("owners' battery wear (total)", fmt("%,.2f", r.totals().batteryWearCost())))
                .append("</table>");
        html.append(fmt("<p>Break-even (fleet-mean tariff %.3f per kWh, battery wear %.3f per kWh):</p>",
                p.meanTariffPerKwh(), p.wearPerKwh()));
        html.append("<table><tr><th>hardware</th><th>").append(esc(p.item()))
                .append("s per kWh</th><th>owner's pay per kWh</th><th>break-even price per 1,000, plugged</th>"
                        + "<th>unplugged</th><th>fleet earns per car-hour</th></tr>");
        for (Pricing.BreakEven b : p.breakEven()) {
            html.append(fmt("<tr><th>%s</th><td>%.4g</td><td>%.4f</td><td>%.3g</td><td>%.3g</td><td>%.4f</td></tr>",
                    esc(b.hardware()), b.itemsPerKwh(), b.ownerPayPerKwh(), b.breakEvenPricePluggedPerThousand(),
                    b.breakEvenPriceUnpluggedPerThousand(), b.datacenterHourPriceEquivalent()));
        }
        return html.append("</table>").toString();
    }

    static String heat(FleetResult r) {
        var t = r.totals();
        return "<h2>Heat</h2><table>"
                + row("car-hours held off by a heat rule", fmt("%,.0f", t.heatBlockedCarHours()))
                + row("units lost to a heat stop", fmt("%,d", t.heatPreemptions()))
                + row("share of allowed car-hours held off", fmt("%.2f%%", 100 * t.heatBlockedCarHours()
                / Math.max(1e-9, t.heatBlockedCarHours() + t.carHoursEligible())))
                + "</table>";
    }

    static String tier(FleetResult r, Scenario s) {
        TierLoad t = r.tier();
        double[] hours = IntStream.range(0, t.leasesPerSecond().length).asDoubleStream().toArray();
        XYChart chart = new XYChartBuilder().width(900).height(380).title("Coordinator tier: requests per second")
                .xAxisTitle("hour (UTC)").yAxisTitle("per second").build();
        chart.getStyler().setMarkerSize(0);
        chart.addSeries("leases", hours, t.leasesPerSecond());
        chart.addSeries("heartbeats", hours, t.heartbeatsPerSecond());
        chart.addSeries("idle lease polls", hours, t.idlePollsPerSecond());
        chart.addSeries("online requests", hours, t.onlineRequestsPerSecond());
        ControlPlane cp = s.controlPlane();
        return "<h2>Coordinator tier</h2><table>"
                + row("peak connected cars", fmt("%,.0f", t.peakConnectedCars()))
                + row("peak leases per second", fmt("%,.1f", t.peakLeasesPerSecond()))
                + row("peak heartbeats per second", fmt("%,.1f", t.peakHeartbeatsPerSecond()))
                + row("peak online requests per second", fmt("%,.1f", t.peakOnlineRequestsPerSecond()))
                + row("peak requests per second (all)", fmt("%,.1f", t.peakRequestsPerSecond()))
                + row("peak result bytes per second", fmt("%,.0f", t.peakResultBytesPerSecond()))
                + row("cells needed", fmt("%,d", t.cellsNeeded()) + " (bound by " + esc(t.binding()) + ")")
                + "</table>" + fmt("<p>A cell: %d coordinators of %,.0f connected cars and %,.0f requests/s each, on "
                        + "one store of %,.0f result bytes/s, completing %,.0f units/s.</p>", cp.coordinatorsPerCell(),
                cp.connectedCarsPerCoordinator(), cp.requestsPerSecondPerCoordinator(),
                cp.resultBytesPerSecondPerStore(), cp.unitsPerSecondPerCell())
                + "<p>Connected cars per coordinator: " + esc(cp.connectedCarsPerCoordinatorSource()) + "</p>"
                + "<p>Units per cell: " + esc(cp.unitsPerSecondPerCellSource()) + "</p>"
                + "<p><img alt=\"coordinator tier\" src=\"data:image/png;base64," + ReportCharts.png(chart) + "\"></p>";
    }

    static String assumptions(Scenario s) {
        StringBuilder html = new StringBuilder("<h2>Assumptions</h2><p>Marked <b>[guess]</b>: the source says it is "
                + "a guess, an assumption or an estimate.</p><ul>");
        for (Assumptions.Assumption a : Assumptions.of(s)) {
            html.append("<li><b>").append(esc(a.name())).append("</b>").append(a.guess() ? " <b>[guess]</b>" : "")
                    .append(": ").append(esc(a.source())).append("</li>");
        }
        return html.append("</ul>").toString();
    }

    private static String row(String name, String value) {
        return "<tr><th>" + esc(name) + "</th><td>" + value + "</td></tr>";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
