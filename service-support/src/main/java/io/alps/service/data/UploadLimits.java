package io.alps.service.data;

import io.alps.api.data.ImageHeaders;
import java.time.Duration;

/**
 * What an uploaded data set may reach: the archive's bytes, the bytes and entries it unpacks to,
 * one image's pixels, and how long a dead upload's claim on its name holds.
 */
public record UploadLimits(long uploadBytes, long unpackedBytes, int entries, long imagePixels, Duration claimExpiry) {
    public static UploadLimits of(DataConfig config) {
        return new UploadLimits(config.uploadLimitBytes(), config.unpackedLimitBytes(), config.archiveEntryLimit(),
                config.imagePixelLimit(), config.uploadClaimExpiry());
    }

    /** The defaults with another upload limit, which also bounds what the archive unpacks to. */
    public static UploadLimits upTo(long uploadBytes) {
        return new UploadLimits(uploadBytes, uploadBytes, 200_000, ImageHeaders.DEFAULT_MAX_PIXELS, Duration.ofMinutes(5));
    }
}
