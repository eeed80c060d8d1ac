package io.alps.ml.cli;

import io.alps.api.kind.Controls;
import io.alps.api.kind.Kinds;
import io.alps.api.kind.lth.Rewind;
import io.alps.api.query.QueryStrategies;
import io.alps.api.spec.DatasetKind;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.stop.StoppingCriteria;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

/**
 * The values options take, from the registries that own them: picocli lists them in help texts
 * ({@code ${COMPLETION-CANDIDATES}}) and shell completion, so no help text repeats a list of names.
 */
final class Candidates {
    private Candidates() {
    }

    static final class KindNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Kinds.names().iterator();
        }
    }

    static final class StrategyNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of(QueryStrategies.names().split(", ")).iterator();
        }
    }

    static final class StopCriterionNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            List<String> names = new ArrayList<>(List.of(ExperimentSpec.NO_STOPPING));
            names.addAll(List.of(StoppingCriteria.names().split(", ")));
            return names.iterator();
        }
    }

    static final class DatasetNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(DatasetKind.values()).map(DatasetKind::id).iterator();
        }
    }

    static final class ControlNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Controls.names().iterator();
        }
    }

    static final class RewindValues implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Rewind.VALUES.iterator();
        }
    }
}
