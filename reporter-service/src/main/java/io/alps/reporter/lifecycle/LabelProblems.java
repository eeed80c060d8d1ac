package io.alps.reporter.lifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with one request's answers, grouped by problem: each problem is one message naming
 * its first few keys (and how many more there are), and the allowed classes are named once. A
 * request with thousands of bad keys gets an answer of bounded size.
 */
final class LabelProblems {
    /** Keys named per problem; the rest are counted. */
    static final int NAMED = 10;
    /** Classes named in the answer; the rest are counted. */
    static final int CLASSES_NAMED = 50;
    /** Longest echo of a user-supplied key or class. */
    static final int ECHO = 40;

    private final List<String> notIds = new ArrayList<>();
    private final List<String> unknownClasses = new ArrayList<>();
    private final List<String> changed = new ArrayList<>();
    private final List<Integer> notAsked = new ArrayList<>();

    void notASampleId(String key) {
        notIds.add("'" + echo(key) + "'");
    }

    void unknownClass(int sample, String label) {
        unknownClasses.add("'" + echo(label) + "' for sample " + sample);
    }

    void trainedOn(int sample, String was) {
        changed.add("sample " + sample + " was labelled '" + was + "' and trained on");
    }

    void notAsked(int sample) {
        notAsked.add(sample);
    }

    boolean isEmpty() {
        return notIds.isEmpty() && unknownClasses.isEmpty() && changed.isEmpty() && notAsked.isEmpty();
    }

    /** One message per kind of problem; the classes are listed once, after the unknown ones. */
    List<String> messages(String experimentId, List<String> classes) {
        List<String> out = new ArrayList<>();
        if (!notIds.isEmpty()) {
            out.add("labels: " + named(notIds) + (notIds.size() == 1 ? " is not a sample id" : " are not sample ids"));
        }
        if (!unknownClasses.isEmpty()) {
            out.add("labels: unknown class " + named(unknownClasses) + "; the classes are " + classes(classes));
        }
        if (!changed.isEmpty()) {
            out.add("labels: " + named(changed) + "; " + (changed.size() == 1 ? "that label" : "those labels")
                    + " cannot change");
        }
        if (!notAsked.isEmpty()) {
            out.add("labels: " + (notAsked.size() == 1 ? "sample " : "samples ")
                    + named(notAsked.stream().map(String::valueOf).toList())
                    + (notAsked.size() == 1 ? " is" : " are") + " not asked for (GET /experiments/" + experimentId
                    + "/queries lists the open queries)");
        }
        return out;
    }

    private static String named(List<String> items) {
        String shown = String.join(", ", items.subList(0, Math.min(NAMED, items.size())));
        return items.size() <= NAMED ? shown : shown + " and " + (items.size() - NAMED) + " more";
    }

    private static String classes(List<String> classes) {
        String shown = String.join(", ", classes.subList(0, Math.min(CLASSES_NAMED, classes.size())));
        return classes.size() <= CLASSES_NAMED ? shown
                : shown + " and " + (classes.size() - CLASSES_NAMED) + " more (" + classes.size() + " in all)";
    }

    private static String echo(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= ECHO ? text : text.substring(0, ECHO) + "...";
    }
}
