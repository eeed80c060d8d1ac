package io.alps.api.kind;

import io.alps.api.model.NetworkPlan;
import io.alps.api.report.ArtifactSink;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.sweep.Config;
import io.alps.api.sweep.SweepSpec;
import java.util.List;
import java.util.Map;

/**
 * What an experiment kind is, apart from its engine: the spec fields it owns and their checks, its
 * sweep axes and controls, what the services can run, and its report files. Registered in
 * {@link Kinds}; the engine side (how it builds and changes networks) is ml-core's ExperimentMethod
 * of the same name. Nothing outside a kind switches on kind names.
 */
public interface Kind {
    String name();

    /** One line for help texts. */
    String description();

    /** True for the spec fields that belong to this kind (a field another kind owns is ignored here). */
    default boolean owns(String field) {
        return false;
    }

    /** Problems with the fields this kind owns, as "field: problem". */
    default List<String> validate(ExperimentSpec spec) {
        return List.of();
    }

    /** Problems only visible with the network laid out (e.g. a prune ratio that empties a layer). */
    default List<String> validate(ExperimentSpec spec, NetworkPlan plan) {
        return List.of();
    }

    /** Why the services cannot run this spec; empty when they can. */
    default List<String> servicesProblems(ExperimentSpec spec) {
        return List.of();
    }

    /** True when the kind trains once more after the rounds (edge-popup's full-data comparison). */
    default boolean hasFinalTraining(ExperimentSpec spec) {
        return false;
    }

    /** The swept values of {@code spec} that name its configuration in a sweep. */
    default Config config(ExperimentSpec spec) {
        return new Config(name(), spec.strategy(), null, null, null, null);
    }

    /**
     * The kind's own sweep axes: one map of spec changes per combination of its swept values
     * (for example each k), applied on top of the base spec.
     */
    default List<Map<String, Object>> variations(SweepSpec sweep) {
        return List.of(Map.of());
    }

    /** The sweep controls this kind adds beside the generic ones ({@link Controls}). */
    default List<Control> controls() {
        return List.of();
    }

    /** The kind's report files, rewritten after every round from the rounds' results so far. */
    default void writeRoundReports(ExperimentSpec spec, String dataset, List<RoundResult> rounds, ArtifactSink sink) {
    }

    /** The kind's report files about its final training, from what that training returned. */
    default void writeFinalReports(ExperimentSpec spec, String dataset, List<RoundResult> rounds,
                                   Map<String, Object> finalResult, ArtifactSink sink) {
    }
}
