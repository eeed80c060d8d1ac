package io.alps.reporter.samples;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the original image of a queried sample is shown to the people who label it. */
@ConfigMapping(prefix = "alps.labelling")
public interface OriginalsConfig {
    /** The longest side, in pixels, an original is sent at: larger images are scaled down, smaller ones never up. */
    @WithDefault("512")
    int originalMaxSide();
}
