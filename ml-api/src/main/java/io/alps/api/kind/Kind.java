package io.alps.api.kind;

import io.alps.api.model.NetworkPlan;
import io.alps.api.report.ArtifactSink;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.SpecKind;
import java.util.List;
import java.util.Map;

/**
 * What an experiment kind is, apart from its engine: the record of its own spec fields (with their
 * defaults and checks), its sweep axes and controls, what the services can run, and its report
 * files. A kind lives in its own package and is registered by one line in
 * {@code META-INF/services/io.alps.api.spec.SpecKind}; its engine is ml-core's ExperimentMethod of
 * the same name. Nothing outside a kind switches on kind names.
 */
public interface Kind extends SpecKind {
    /** One line for help texts. */
    String description();

    /**
     * The kind's own fields a sweep may list several values of (e.g. edge-popup's k); the sweep runs
     * every combination of them.
     */
    default List<String> sweepAxes() {
        return List.of();
    }

    /** The sweep controls this kind adds beside the generic ones ({@link Controls}). */
    default List<Control> controls() {
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

    /** The kind's report files, rewritten after every round from the rounds' results so far. */
    default void writeRoundReports(ExperimentSpec spec, String dataset, List<RoundResult> rounds, ArtifactSink sink) {
    }

    /** The kind's report files about its final training, from what that training returned. */
    default void writeFinalReports(ExperimentSpec spec, String dataset, List<RoundResult> rounds,
                                   Map<String, Object> finalResult, ArtifactSink sink) {
    }
}
