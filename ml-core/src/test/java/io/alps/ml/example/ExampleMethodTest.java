package io.alps.ml.example;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.report.DirectorySink;
import io.alps.api.result.RoundResult;
import io.alps.api.spec.ExperimentSpec;
import io.alps.ml.al.ExperimentMethods;
import io.alps.ml.al.ExperimentRunner;
import io.alps.ml.testdata.TestData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example kind runs through the same runner as the others once its engine is registered. */
class ExampleMethodTest {
    @TempDir
    Path tmp;

    @Test
    void runsEveryRoundThroughTheRegisteredEngine() {
        assertThat(ExperimentMethods.get("example")).isInstanceOf(ExampleMethod.class);
        ExperimentSpec spec = ExperimentSpec.fromJson("{\"kind\":\"example\",\"restartEvery\":2,\"initial\":100,"
                + "\"budget\":100,\"rounds\":2,\"epochs\":1,\"batch\":32,\"seed\":3}");
        List<RoundResult> rounds = new ExperimentRunner(spec, TestData.split(400, 100, 5), new DirectorySink(tmp), null).run();
        assertThat(rounds).extracting(RoundResult::labeled).containsExactly(100, 200, 300);
    }
}
