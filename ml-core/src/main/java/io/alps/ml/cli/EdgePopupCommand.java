package io.alps.ml.cli;

import io.alps.api.validation.SpecValidation;

import io.alps.api.kind.popup.EdgePopupOptions;

import io.alps.api.kind.popup.EdgePopupKind;

import com.fasterxml.jackson.databind.JsonNode;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.OptionHelp;
import io.alps.api.result.RoundResult;
import io.alps.api.report.DirectorySink;
import io.alps.api.report.Json;
import io.alps.ml.backend.Backend;
import io.alps.ml.data.DataSplit;
import io.alps.api.kind.popup.KSweepReport;
import io.alps.api.kind.popup.PopupComparisonReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "edge-popup", mixinStandardHelpOptions = true,
        description = {"Active learning with an edge-popup subnetwork: the weights stay at their random init and "
                + "each round trains only which k fraction of them each layer keeps; then the subnet and a dense "
                + "network are trained on all data and compared.",
                "Several values of --k run one experiment each (in <out>/k<k>/) and write k_sweep.csv and k_sweep.png."})
final class EdgePopupCommand implements Callable<Integer> {
    @Mixin
    ExperimentOptions options;

    @Option(names = "--k", split = ",", paramLabel = "K[,K...]",
            description = OptionHelp.K + "; a comma list runs a sweep (default: ${DEFAULT-VALUE}).")
    List<Double> k;

    @Option(names = "--no-comparison",
            description = "Skip the final full-data comparison (edge-popup vs dense LeNet-5 trained on all data).")
    boolean noComparison;

    @Option(names = "--random-mask",
            description = "Control: keep the initial random scores, i.e. a random mask with the same k; nothing is trained.")
    boolean randomMask;

    @Override
    public Integer call() {
        List<ExperimentSpec> specs = specs();
        Backend.init();
        DataSplit split = ExperimentLauncher.load(specs.get(0));
        for (ExperimentSpec spec : specs) {
            List<String> poolErrors = spec.validateAgainstPool(split.train().size());
            if (!poolErrors.isEmpty()) {
                throw new ExperimentSpec.SpecException(poolErrors);
            }
        }
        Path out = options.outOrDefault(EdgePopupKind.NAME);
        if (specs.size() == 1) {
            ExperimentLauncher.run(specs.get(0), split, out);
            return 0;
        }
        KSweepReport sweep = new KSweepReport(new DirectorySink(out),
                String.format("Edge-popup %s, %s: test accuracy vs k (seed %s)", options.architecture, split.displayName(),
                        options.seed));
        for (ExperimentSpec spec : specs) {
            double k = spec.options(EdgePopupOptions.class).k();
            String dir = "k" + k;
            List<RoundResult> rounds = ExperimentLauncher.run(spec, split, out.resolve(dir));
            JsonNode comparison = readComparison(out.resolve(dir).resolve(PopupComparisonReport.JSON));
            sweep.add(new KSweepReport.Entry(k, dir, rounds.get(rounds.size() - 1),
                    comparison == null ? null : comparison.path("subnet").path("testAccuracy").asDouble(),
                    comparison == null ? null : comparison.path("dense").path("testAccuracy").asDouble()));
        }
        System.out.println("k sweep in " + out.resolve(KSweepReport.CSV).toAbsolutePath());
        return 0;
    }

    /** One validated spec per k; every problem with any of them is reported before any data is read. */
    private List<ExperimentSpec> specs() {
        List<ExperimentSpec> specs = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        if (k == null || k.isEmpty()) {
            errors.add("k: give at least one value");
        } else if (new HashSet<>(k).size() != k.size()) {
            errors.add("k: a value is given twice in " + k);
        }
        ExperimentSpec base = options.toSpec(EdgePopupKind.NAME);
        for (double value : k == null ? List.<Double>of() : k) {
            ExperimentSpec spec = base.with(java.util.Map.of("k", value, "finalComparison", !noComparison,
                    "mask", randomMask ? EdgePopupOptions.RANDOM_MASK : EdgePopupOptions.LEARNED_MASK));
            for (String e : SpecValidation.validate(spec)) {
                if (!errors.contains(e)) {
                    errors.add(e);
                }
            }
            specs.add(spec);
        }
        if (!errors.isEmpty()) {
            throw new ExperimentSpec.SpecException(errors);
        }
        return specs;
    }

    private static JsonNode readComparison(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return Json.mapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
