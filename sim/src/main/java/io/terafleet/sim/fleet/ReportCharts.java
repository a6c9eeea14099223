package io.terafleet.sim.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Charts as base64 PNG, to embed in one HTML file. */
public final class ReportCharts {
    private ReportCharts() {
    }

    public static String png(Chart<?, ?> chart) {
        System.setProperty("java.awt.headless", "true");
        try {
            return Base64.getEncoder().encodeToString(BitmapEncoder.getBitmapBytes(chart,
                    BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
