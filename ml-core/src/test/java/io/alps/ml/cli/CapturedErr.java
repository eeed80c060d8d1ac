package io.alps.ml.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** What a command printed to standard error during one test: the lines a user of the command line reads. */
final class CapturedErr implements BeforeEachCallback, AfterEachCallback {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private PrintStream saved;

    @Override
    public void beforeEach(ExtensionContext context) {
        bytes.reset();
        saved = System.err;
        System.setErr(new PrintStream(bytes, true));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setErr(saved);
    }

    @Override
    public String toString() {
        return bytes.toString();
    }
}
