package io.alps.api.kind.popup;

import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.KindOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * Edge-popup's own fields: the kept fraction {@code k} per layer, {@code mask} ({@value #LEARNED_MASK}
 * or the {@value #RANDOM_MASK} control) and {@code finalComparison} (the full-data training after the rounds).
 */
public record EdgePopupOptions(Double k, String mask, Boolean finalComparison) implements KindOptions {
    public static final String LEARNED_MASK = "learned";
    /** The control: the initial random scores are kept, so the subnetwork is a random mask with the same k. */
    public static final String RANDOM_MASK = "random";

    public EdgePopupOptions {
        k = k == null ? 0.5 : k;
        // Added after the first version: stored as null at its default, so older specs keep their hash.
        mask = LEARNED_MASK.equals(mask) ? null : mask;
        finalComparison = finalComparison == null || finalComparison;
    }

    /** True for the random-mask control: the scores are never trained. */
    public boolean randomMask() {
        return RANDOM_MASK.equals(mask);
    }

    @Override
    public List<String> validate(ExperimentSpec spec) {
        List<String> errors = new ArrayList<>();
        if (mask != null && !randomMask()) {
            errors.add("mask: unknown '" + mask + "', expected " + LEARNED_MASK + " or " + RANDOM_MASK);
        }
        if (!(k > 0 && k <= 1)) {
            errors.add("k: must be in (0, 1] (got " + k + ")");
        }
        return errors;
    }

    @Override
    public String label() {
        return " k=" + k + (randomMask() ? " " + EdgePopupKind.RANDOM_MASK_CONTROL : "");
    }

    @Override
    public boolean trainsNetwork() {
        return !randomMask();
    }
}
