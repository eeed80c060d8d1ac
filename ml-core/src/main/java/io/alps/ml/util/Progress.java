package io.alps.ml.util;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A console progress bar for long work (downloads, epochs, pool scoring). Services switch bars
 * off with {@link #setEnabled(boolean)}: they report progress as metrics and events instead.
 */
public final class Progress implements AutoCloseable {
    /** Bars only on an interactive console: in logs and CI output the per-epoch lines suffice. */
    private static volatile boolean enabled = System.console() != null;
    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    public static void setEnabled(boolean on) {
        enabled = on;
    }

    public static Progress of(String task, long total, String unit) {
        if (!enabled) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).setUpdateIntervalMillis(250)
                .showSpeed().build());
    }

    public static Progress bytes(String task, long total) {
        if (!enabled) {
            return new Progress(null);
        }
        return new Progress(new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" MB", 1 << 20).setUpdateIntervalMillis(250)
                .showSpeed().build());
    }

    public void advance(long n) {
        if (bar != null) {
            bar.stepBy(n);
        }
    }

    public void message(String extra) {
        if (bar != null) {
            bar.setExtraMessage(extra);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
