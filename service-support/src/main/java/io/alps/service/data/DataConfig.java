package io.alps.service.data;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
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
    @WithDefault("2147483648")
    long uploadLimitBytes();

    /**
     * The most bytes an uploaded archive may unpack to (its entries' sizes summed as they are written);
     * the upload limit unless set.
     */
    @WithDefault("${alps.data.upload-limit-bytes}")
    long unpackedLimitBytes();

    /** The most entries (files and folders) an uploaded archive may hold. */
    @WithDefault("200000")
    int archiveEntryLimit();

    /** The most pixels (width x height, as its header states) one image of an uploaded data set may have. */
    @WithDefault("40000000")
    long imagePixelLimit();

    /**
     * How long an upload's claim on its name holds without being renewed: an upload renews it while it
     * runs, so only a reporter that died mid-upload leaves one, and the name is free again after this.
     */
    @WithDefault("5m")
    Duration uploadClaimExpiry();

    /** Where an ML service unpacks uploaded data sets (default: a folder in the system's temporary folder). */
    Optional<String> cache();
}
