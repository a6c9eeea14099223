package io.terafleet.cli;

import io.terafleet.core.api.JobStatus;
import java.io.PrintStream;
import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows a job's progress until it ends: a live bar on a terminal, a plain line every few
 * seconds otherwise (logs and CI stay readable).
 */
final class JobProgress {
    @FunctionalInterface
    interface StatusSource {
        JobStatus fetch() throws Exception;
    }

    private JobProgress() {
    }

    static JobStatus follow(StatusSource source, PrintStream out, Duration poll) throws Exception {
        JobStatus status = source.fetch();
        boolean terminal = System.console() != null;
        var builder = new ProgressBarBuilder()
                .setTaskName("job " + shortId(status.id()))
                .setInitialMax(status.total())
                .setUnit(" inputs", 1)
                .showSpeed()
                .setUpdateIntervalMillis(terminal ? 200 : 5_000)
                .setConsumer(terminal
                        ? new ConsoleProgressBarConsumer(out)
                        : new DelegatingProgressBarConsumer(out::println, 160))
                .setStyle(terminal ? ProgressBarStyle.COLORFUL_UNICODE_BLOCK : ProgressBarStyle.ASCII);
        try (ProgressBar bar = builder.build()) {
            while (status.finishedAt() == null) {
                bar.stepTo(status.completed() + status.failed());
                bar.setExtraMessage(" " + (status.running() > 0 ? status.running() + " computing" : status.state().toLowerCase()));
                Thread.sleep(poll);
                status = source.fetch();
            }
            bar.stepTo(status.completed() + status.failed());
            bar.setExtraMessage(" " + status.state().toLowerCase());
        }
        return status;
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
