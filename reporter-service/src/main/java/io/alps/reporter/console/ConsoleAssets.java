package io.alps.reporter.console;

import io.quarkus.qute.TemplateGlobal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Where the pages find the packaged web libraries; the versions are the ones the build put on the class path. */
@TemplateGlobal
public final class ConsoleAssets {
    /** Chart.js's browser bundle, served from its WebJar. */
    static final String chartJs = "/webjars/chart.js/" + webJarVersion("chart.js") + "/dist/chart.umd.js";

    private ConsoleAssets() {
    }

    private static String webJarVersion(String artifact) {
        String file = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException("the WebJar " + artifact + " is not on the class path (" + file + ")");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
