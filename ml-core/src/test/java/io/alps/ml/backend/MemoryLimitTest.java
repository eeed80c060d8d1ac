package io.alps.ml.backend;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.ml.cli.AlpsCli;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A batch too big for the process's memory bound is a one-line error naming the network and batch. */
class MemoryLimitTest {
    @TempDir
    Path dir;

    @Test
    void aBatchThatDoesNotFitIsAClearErrorNotACrash() throws Exception {
        Path data = io.alps.ml.testdata.TestData.writeFashionMnist(dir.resolve("fashion"), 300, 20);
        // A real process with the launcher's flags and a 400 MB heap: at most 4x the heap the parallel
        // collector makes usable of it (less its survivor space), 1.4 GB in all, too little for
        // ResNet-18's activations at batch 256.
        Path args = Path.of("..", "deploy", "jvm", "launch.args").toAbsolutePath().normalize();
        Process p = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx400m",
                "@" + args, "-cp", System.getProperty("java.class.path"), AlpsCli.class.getName(), "dense",
                "--arch", "resnet18", "--dataset", "fashion-mnist", "--data", data.toString(), "--initial", "256", "--budget", "10", "--rounds", "0",
                "--epochs", "1", "--batch", "256", "--test-limit", "16", "--out", dir.resolve("out").toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("finished").isTrue();
        String log = Files.readString(dir.resolve("log"), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(log).isEqualTo(AlpsCli.USER_ERROR);
        String last = log.strip().lines().reduce((a, b) -> b).orElse("");
        assertThat(last).as(log).startsWith("alps: resnet18 does not fit in memory for training at batch 256")
                .contains("1.4 GB in all (0.4 GB heap)");
        assertThat(log).doesNotContain("Exception in thread");
        try (var files = Files.list(Path.of("."))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(f -> f.startsWith("dl4j-memory-crash-dump"));
        }
    }
}
