package io.alps.api.kind.lth;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rewind vocabulary of structured pruning ({@code rewind}): which weights the pruned network
 * starts the next round from. The one place its values are named; ml-core's rewind modes are
 * registered under these names.
 */
public final class Rewind {
    /** The lottery ticket: the surviving units' initial weights. */
    public static final String THETA0 = "theta0";
    /** Late rewinding, {@code epoch:E}: the weights after epoch E of round 0. */
    public static final String EPOCH_PREFIX = "epoch:";
    /** The control: the pruned network re-initialised at random. */
    public static final String RANDOM = "random";
    /** Fine-tuning: the trained weights kept. */
    public static final String KEEP = "keep";
    /** Every value, as help texts and errors name them. */
    public static final List<String> VALUES = List.of(THETA0, EPOCH_PREFIX + "E", RANDOM, KEEP);
    /** What an error says is expected. */
    public static final String EXPECTED = "expected " + THETA0 + ", " + EPOCH_PREFIX + "E, " + RANDOM + " or " + KEEP;

    private static final Pattern PATTERN = Pattern.compile(Pattern.quote(THETA0) + "|" + Pattern.quote(RANDOM) + "|"
            + Pattern.quote(KEEP) + "|" + Pattern.quote(EPOCH_PREFIX) + "([1-9][0-9]*)");

    private Rewind() {
    }

    public static boolean known(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    /** E of {@code epoch:E}; empty for the other values. */
    public static Optional<Integer> epoch(String value) {
        Matcher m = PATTERN.matcher(value);
        return m.matches() && m.group(1) != null ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    public static boolean late(String value) {
        return value.startsWith(EPOCH_PREFIX);
    }
}
