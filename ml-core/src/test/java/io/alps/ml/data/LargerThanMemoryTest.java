package io.alps.ml.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.alps.api.model.ImageShape;
import io.alps.api.model.LayerNames;
import io.alps.ml.backend.Backend;
import io.alps.ml.train.Evaluator;
import io.alps.ml.train.TrainSettings;
import io.alps.ml.train.Trainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A data set whose store is four times the heap of the process that trains on it and scores it
 * (and larger than all the memory that process may use): it finishes, and its peak resident memory
 * stays well below the store and about where it is with an eighth of the images.
 */
class LargerThanMemoryTest {
    private static final ImageShape SHAPE = new ImageShape(3, 64, 64);
    private static final int IMAGES = 44_000;
    private static final String HEAP = "-Xmx128m";
    /**
     * ND4J frees an array's native memory only after a garbage collection; JavaCPP collects when the
     * process nears this bound (the launcher sets it relative to the heap, deploy/jvm/launch.args).
     */
    private static final String PHYSICAL = "-Dorg.bytedeco.javacpp.maxphysicalbytes=240m";

    @TempDir
    Path tmp;

    @Test
    void aStoreLargerThanTheHeapTrainsAndScoresInBoundedMemory() throws Exception {
        Path small = tmp.resolve("small.images");
        write(small, IMAGES / 8);
        Path large = tmp.resolve("large.images");
        write(large, IMAGES);
        long storeBytes = Files.size(large);
        assertThat(storeBytes).isGreaterThan(4 * (128L << 20));

        long smallPeak = peakResidentBytes(small, IMAGES / 8);
        long largePeak = peakResidentBytes(large, IMAGES);
        System.out.printf("child (%s): peak resident %,d MB on a store of %,d MB, %,d MB on one of %,d MB%n", HEAP,
                largePeak >> 20, storeBytes >> 20, smallPeak >> 20, Files.size(small) >> 20);
        assertThat(largePeak).as("peak resident memory against a store of %,d bytes", storeBytes).isLessThan(storeBytes * 3 / 4);
        // Against the growth of the data, not a fixed margin: one child's peak varies by tens of MB from run to run
        // (the eighth measured 233 to 309 MB), while memory that followed the images would add most of their 450 MB.
        long moreData = storeBytes - Files.size(small);
        assertThat(largePeak - smallPeak).as("eight times the images (%,d bytes more), about the same memory (%,d bytes "
                + "with an eighth, %,d with all)", moreData, smallPeak, largePeak).isLessThan(moreData / 4);
    }

    /** Trains and scores {@code images} of {@code store} in a child JVM; its peak resident memory. */
    private long peakResidentBytes(Path store, int images) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = tmp.resolve(store.getFileName() + ".log");
        Process child = new ProcessBuilder(java, HEAP, PHYSICAL, "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-cp",
                classpath, Child.class.getName(), store.toString()).redirectErrorStream(true).redirectOutput(log.toFile())
                .start();
        boolean finished = child.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as(out).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("trained " + images).contains("scored " + images);
        return Long.parseLong(out.replaceAll("(?s).*VmHWM:\\s*(\\d+) kB.*", "$1")) * 1024;
    }

    /** Learnable images (a brighter band whose height is the class) written straight into a store. */
    private static void write(Path file, int count) {
        Random rng = new Random(5);
        byte[] noise = new byte[1 << 20];
        rng.nextBytes(noise);
        byte[] image = new byte[SHAPE.pixels()];
        List<String> classes = new ArrayList<>();
        IntStream.range(0, 10).forEach(c -> classes.add("class" + c));
        try (ImageStore.Writer writer = ImageStore.create(file, SHAPE, classes, 0)) {
            for (int i = 0; i < count; i++) {
                int label = i % 10;
                int start = rng.nextInt(noise.length - image.length);
                for (int p = 0; p < image.length; p++) {
                    int y = p / SHAPE.width() % SHAPE.height();
                    image[p] = (byte) ((y * 10 / SHAPE.height() == label ? 160 : 60) + (noise[start + p] & 63));
                }
                writer.add(image, 0, label, null);
            }
            writer.commit();
        }
    }

    /** Runs in the child JVM: trains a small network on every image, scores them all, prints its peak memory. */
    public static final class Child {
        public static void main(String[] args) throws IOException {
            Backend.init();
            ImageStore store = ImageStore.open(Path.of(args[0]));
            Dataset data = Dataset.of("large", store, store.statistics());
            ComputationGraph net = new ComputationGraph(new NeuralNetConfiguration.Builder().seed(1)
                    .updater(new Sgd(0.05)).graphBuilder()
                    .addInputs(LayerNames.INPUT)
                    .setInputTypes(InputType.convolutional(SHAPE.height(), SHAPE.width(), SHAPE.channels()))
                    .addLayer("pool", new SubsamplingLayer.Builder(PoolingType.AVG).kernelSize(8, 8).stride(8, 8).build(),
                            LayerNames.INPUT)
                    .addLayer(LayerNames.OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
                            .activation(Activation.SOFTMAX).build(), "pool")
                    .setOutputs(LayerNames.OUTPUT).build());
            net.init();
            int[] all = IntStream.range(0, data.size()).toArray();
            Trainer.fit(net, data, all, null, new TrainSettings(1, 256, 0.05, 1), 1, null);
            System.out.println("trained " + all.length);
            long[] scored = new long[1];
            Evaluator.probabilities(net, data, all, (ids, p) -> scored[0] += ids.length);
            System.out.println("scored " + scored[0]);
            System.out.println("accuracy on the first 3,000 " + Evaluator.evaluate(net, data.first(3000)).accuracy());
            Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .forEach(System.out::println);
        }
    }
}
