package io.alps.service.data;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/**
 * The data sets this deployment offers, by name. Specs sent to the API name one in {@code data};
 * they never carry a server path.
 */
@ConfigMapping(prefix = "alps.data")
public interface DataConfig {
    /** Every folder directly inside this one that holds a data set is registered under the folder's name. */
    Optional<String> root();

    /** More data sets as {@code name=folder} pairs ({@code ALPS_DATA_SETS}, comma separated). */
    Optional<List<String>> sets();

    /** The largest data set archive {@code POST /datasets} takes ({@code ALPS_DATA_UPLOAD_LIMIT_BYTES}). */
    @io.smallrye.config.WithDefault("2147483648")
    long uploadLimitBytes();

    /** Where an ML service unpacks uploaded data sets (default: a folder in the system's temporary folder). */
    Optional<String> cache();
}
