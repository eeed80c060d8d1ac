package io.alps.ml.sweep;

import io.alps.api.sweep.MemberResult;
import io.alps.api.sweep.SweepReport;
import io.alps.api.sweep.SweepSpec;

import io.alps.ml.al.ExperimentRunner;
import io.alps.api.report.DirectorySink;
import io.alps.ml.data.DataSplit;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Runs the members of a sweep one after another, each into its own directory, then writes the
 * aggregate report. A member whose finished results are already on disk is not run again, so an
 * interrupted sweep resumes where it stopped.
 */
public final class SweepRunner {

    /** Progress callbacks. */
    public interface Listener {
        void onMember(int index, int total, SweepSpec.Member member, boolean skipped);
    }

    private final SweepSpec sweep;
    private final Function<SweepSpec.Member, DataSplit> data;
    private final Path out;
    private final ExperimentRunner.Listener memberListener;

    public SweepRunner(SweepSpec sweep, Function<SweepSpec.Member, DataSplit> data, Path out,
                       ExperimentRunner.Listener memberListener) {
        List<String> errors = sweep.validate();
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid sweep: " + String.join("; ", errors));
        }
        this.sweep = sweep;
        this.data = data;
        this.out = out;
        this.memberListener = memberListener;
    }

    public static Path memberDir(Path out, SweepSpec.Member m) {
        return out.resolve("members").resolve(m.configuration().label().replaceAll("[^A-Za-z0-9.=-]+", "_") + "-seed" + m.seed());
    }

    public SweepReport run(Listener listener) {
        List<SweepSpec.Member> members = sweep.expand();
        List<MemberResult> results = new ArrayList<>();
        String datasetName = null;
        for (int i = 0; i < members.size(); i++) {
            SweepSpec.Member m = members.get(i);
            Path dir = memberDir(out, m);
            MemberResult done = MemberResult.read(m, dir);
            DataSplit split = done == null || datasetName == null ? data.apply(m) : null;
            if (split != null) {
                datasetName = split.displayName();
            }
            if (listener != null) {
                listener.onMember(i + 1, members.size(), m, done != null);
            }
            if (done == null) {
                new ExperimentRunner(m.spec(), split, new DirectorySink(dir), memberListener).run();
                done = MemberResult.read(m, dir);
            }
            results.add(done);
        }
        SweepReport report = new SweepReport(sweep, datasetName, results);
        report.write(new DirectorySink(out));
        return report;
    }
}
