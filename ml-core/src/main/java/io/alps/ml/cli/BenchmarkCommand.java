package io.alps.ml.cli;

import io.alps.ml.bench.Benchmark;
import io.alps.api.model.ImageShape;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Training and inference speed of the dense (and optionally the edge-popup) network on the active backend, against the "
                + "machine's matrix-multiply peak measured in the same run.")
final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = {"--arch", "--architecture"}, paramLabel = "NAME",
            description = "Network: " + io.alps.api.model.Architectures.NAMES + " (default: ${DEFAULT-VALUE}).")
    String architecture;

    @Option(names = "--batch", defaultValue = "128", description = "Training mini-batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--infer-batch", defaultValue = "1024", description = "Inference batch (default: ${DEFAULT-VALUE}).")
    int inferBatch;

    // 100 batches a pass: with fewer the JIT is still compiling DL4J's training path when the timing starts.
    @Option(names = "--images", defaultValue = "12800",
            description = "Synthetic 3-channel images of --image-size per pass; 0 measures only the selection, whose first "
                    + "run is then the first in a fresh JVM (default: ${DEFAULT-VALUE}).")
    int images;

    @Mixin
    ImageSizeOption imageSize;

    @Option(names = "--repeats", defaultValue = "3", description = "Timed passes; the best is reported (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--compare-defaults",
            description = "Also measure DL4J's out-of-the-box settings (no oneDNN helpers, default BLAS threads) in the same run.")
    boolean compareDefaults;

    @Option(names = "--edge-popup", paramLabel = "K",
            description = "Also measure the edge-popup network keeping fraction K of each layer, in the same run, "
                    + "and print its cost per image relative to the dense network.")
    Double popupK;

    @Option(names = "--pool", defaultValue = "50000",
            description = "Unlabeled images one round's selection scores, 0 to skip (default: ${DEFAULT-VALUE}).")
    int pool;

    @Option(names = "--pool-strategies", defaultValue = "least-confidence", paramLabel = "LIST",
            description = "Strategies timed on that pool, a comma list (default: ${DEFAULT-VALUE}).")
    String poolStrategies;

    @Option(names = "--pool-labeled", defaultValue = "2000",
            description = "Labelled images beside the pool (core-set starts from them) (default: ${DEFAULT-VALUE}).")
    int poolLabeled;

    @Option(names = "--pool-budget", defaultValue = "1000",
            description = "Images each strategy picks from the pool (default: ${DEFAULT-VALUE}).")
    int poolBudget;

    @Option(names = "--chunked-selection", paramLabel = "STRATEGY",
            description = "Only time one round's selection of --pool images through the pool's chunks, as selectors "
                    + "score them: each chunk's seconds, the merge, and what 1, 2, 4 and 8 selectors would take.")
    String chunkedSelection;

    @Override
    public Integer call() {
        ImageShape shape = imageSize.shape(3);
        if (chunkedSelection != null) {
            return chunkedSelection(shape);
        }
        if (images > 0) {
            printSpeed(shape);
        }
        if (pool > 0) {
            for (var t : io.alps.ml.bench.SelectionBenchmark.run(new io.alps.ml.bench.SelectionBenchmark.Settings(
                    architecture, shape, 10, pool, poolLabeled, poolBudget,
                    Lists.strings("--pool-strategies", poolStrategies), repeats))) {
                System.out.printf("selection %-17s %.2f s to pick %,d of %,d images (%,d labelled; scored in %s; %s)%n",
                        t.strategy() + ":", t.seconds(), poolBudget, pool, poolLabeled, t.engine(), repeats == 0 ? "one, cold"
                                : String.format("best of %d after a first, cold one of %.2f s", repeats, t.coldSeconds()));
            }
        }
        return 0;
    }

    private void printSpeed(ImageShape shape) {
        Benchmark.Result r = Benchmark.run(new Benchmark.Settings(architecture, shape, 10, batch,
                inferBatch, images, repeats, compareDefaults, popupK));
        System.out.printf("backend:                %s%n", r.backend());
        System.out.printf("network:                %s at %s, %,d parameters, %,d MACs (%,d FLOPs) per image forward%n",
                architecture, shape, r.parameters(), r.macsPerImage(), 2 * r.macsPerImage());
        System.out.printf("layer helpers in use:   %s%n", r.tuned().helpers().isEmpty() ? "none" : r.tuned().helpers());
        System.out.printf("training images/s:      %,.0f (batch %d)%n", r.tuned().trainImagesPerSecond(), batch);
        System.out.printf("training step times:    %s%n", r.tuned().steps().summary());
        System.out.printf("inference images/s:     %,.0f (batch %d)%n", r.tuned().inferImagesPerSecond(), inferBatch);
        System.out.printf("matmul peak:            %,.1f GFLOP/s (FP32 2048x2048 gemm, all cores)%n", r.peakGflops());
        System.out.printf("training FLOP/s:        %,.1f GFLOP/s = %.1f %% of peak (3 x forward FLOPs per image)%n",
                r.trainGflops(), 100 * r.trainGflops() / r.peakGflops());
        System.out.printf("inference FLOP/s:       %,.1f GFLOP/s = %.1f %% of peak%n",
                r.inferGflops(), 100 * r.inferGflops() / r.peakGflops());
        if (r.popup() != null) {
            System.out.printf("edge-popup k=%s:         %,.0f training / %,.0f inference images/s -> %.2fx / %.2fx the dense "
                            + "cost per image%n", popupK, r.popup().trainImagesPerSecond(), r.popup().inferImagesPerSecond(),
                    r.tuned().trainImagesPerSecond() / r.popup().trainImagesPerSecond(),
                    r.tuned().inferImagesPerSecond() / r.popup().inferImagesPerSecond());
        }
        if (r.defaults() != null) {
            System.out.printf("DL4J defaults:          %,.0f training / %,.0f inference images/s -> tuned is %.1fx / %.1fx%n",
                    r.defaults().trainImagesPerSecond(), r.defaults().inferImagesPerSecond(),
                    r.tuned().trainImagesPerSecond() / r.defaults().trainImagesPerSecond(),
                    r.tuned().inferImagesPerSecond() / r.defaults().inferImagesPerSecond());
        }
    }

    private int chunkedSelection(ImageShape shape) {
        var t = io.alps.ml.bench.ChunkedSelectionBenchmark.run(new io.alps.ml.bench.ChunkedSelectionBenchmark.Settings(
                architecture, shape, 10, pool, poolLabeled, poolBudget, chunkedSelection));
        System.out.printf("chunked selection: %s, %s at %s, %,d of %,d images (%,d labelled), %d chunks of up to %,d%n",
                chunkedSelection, architecture, shape, poolBudget, pool, poolLabeled, t.chunkSeconds().length,
                io.alps.ml.query.PoolChunks.SIZE);
        for (int c = 0; c < t.chunkSeconds().length; c++) {
            System.out.printf("  chunk %d/%d: %,6d images %8.2f s%n", c + 1, t.chunkSeconds().length, t.chunkImages()[c],
                    t.chunkSeconds()[c]);
        }
        System.out.printf("  merge:                %8.2f s%n", t.mergeSeconds());
        System.out.printf("  one selector:         %8.2f s%n", t.total());
        for (int n : new int[] {2, 4, 8}) {
            System.out.printf("  %d selectors:          %8.2f s (these chunk times shared out, each selector on its own machine)%n",
                    n, t.withSelectors(n));
        }
        return 0;
    }
}
