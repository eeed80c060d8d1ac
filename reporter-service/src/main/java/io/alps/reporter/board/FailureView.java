package io.alps.reporter.board;

import java.util.regex.Pattern;

/**
 * Why an experiment stopped: the service and step that failed, and the reason. The reason is
 * shown to API clients, so server paths in it are cut to their last segment (the file or folder
 * name still says what is wrong; where it lives on the server is not the client's business).
 */
public record FailureView(String service, String step, int round, String reason) {
    private static final Pattern PATH = Pattern.compile("(?<![\\w.:/~])(/[^\\s:;,'\"()\\[\\]]+)+");

    public FailureView {
        reason = withoutPaths(reason);
    }

    static String withoutPaths(String text) {
        if (text == null) {
            return null;
        }
        return PATH.matcher(text).replaceAll(m -> {
            String path = m.group();
            String last = path.substring(path.lastIndexOf('/') + 1);
            return java.util.regex.Matcher.quoteReplacement(last.isEmpty() ? "(a server path)" : last);
        });
    }
}
