package io.alps.api.kind.popup;

import io.alps.api.report.ArtifactSink;
import io.alps.api.report.CsvTable;
import io.alps.api.result.RoundResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code popup_score_stats.csv}: one row per round and layer, from the score statistics in each round's extras. */
public final class PopupScoreStatsReport {
    public static final String FILE = "popup_score_stats.csv";
    public static final List<String> COLUMNS = List.of("round", "layer", "count", "mean", "std", "min", "max", "q25",
            "median", "q75", "fraction_kept", "threshold", "jaccard_prev");

    private PopupScoreStatsReport() {
    }

    public static void write(List<RoundResult> rounds, ArtifactSink sink) {
        CsvTable table = new CsvTable(COLUMNS);
        for (RoundResult r : rounds) {
            if (r.extras().get(EdgePopupKind.SCORE_STATS) instanceof Map<?, ?> layers) {
                layers.forEach((layer, values) -> table.add(row(r.round(), (String) layer, (Map<?, ?>) values)));
            }
        }
        sink.write(FILE, table.toBytes());
    }

    /** A row from a layer's statistics map, also after a JSON round trip. */
    static List<Object> row(int round, String layer, Map<?, ?> v) {
        List<Object> row = new ArrayList<>(List.of(round, layer, ((Number) v.get("count")).longValue()));
        for (String key : List.of("mean", "std", "min", "max", "q25", "median", "q75", "keptFraction", "threshold",
                "jaccardPrev")) {
            row.add(v.get(key) instanceof Number n ? n.doubleValue() : Double.NaN);
        }
        return row;
    }
}
