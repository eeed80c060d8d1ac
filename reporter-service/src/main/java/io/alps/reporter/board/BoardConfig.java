package io.alps.reporter.board;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How much of the board is kept in memory and how much a list answer holds. */
@ConfigMapping(prefix = "alps.board")
public interface BoardConfig {
    /** Experiments whose full view (rounds, epochs, failure) stays in memory; older ones are read from object storage when asked for. */
    @WithDefault("500")
    int window();

    /** Experiments per list page when the request names no limit. */
    @WithDefault("50")
    int pageSize();

    /** The most experiments one list page holds. */
    @WithDefault("500")
    int maxPageSize();
}
