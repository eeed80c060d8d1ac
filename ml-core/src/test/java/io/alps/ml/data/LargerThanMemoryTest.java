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
 * A data set whose store is larger than the whole memory of the process that trains on it and
 * scores it: the process finishes, and its peak resident memory stays well below the store.
 */
class LargerThanMemoryTest {
    private static final ImageShape SHAPE = new ImageShape(3, 64, 64);
    private static final int IMAGES = 36_000;
    private static final String HEAP = "-Xmx256m";

    @TempDir
    Path tmp;

    @Test
    void aStoreLargerThanTheHeapTrainsAndScoresInBoundedMemory() throws Exception {
        Path file = tmp.resolve("large.images");
        write(file);
        long storeBytes = Files.size(file);
        assertThat(storeBytes).isGreaterThan(400L << 20);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(java, HEAP, "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-cp", classpath,
                Child.class.getName(), file.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = child.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            child.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as(out).isTrue();
        assertThat(child.exitValue()).as(out).isZero();
        assertThat(out).contains("trained " + IMAGES).contains("scored " + IMAGES);
        long peakKb = Long.parseLong(out.replaceAll("(?s).*VmHWM:\\s*(\\d+) kB.*", "$1"));
        System.out.printf("store %,d MB, child (%s) peak resident %,d MB%n", storeBytes >> 20, HEAP, peakKb >> 10);
        assertThat(peakKb * 1024).as("peak resident memory against a store of %,d bytes", storeBytes)
                .isLessThan(storeBytes * 3 / 4);
    }

    /** Learnable images (a brighter band whose height is the class) written straight into a store. */
    private static void write(Path file) {
        Random rng = new Random(5);
        byte[] noise = new byte[1 << 20];
        rng.nextBytes(noise);
        byte[] image = new byte[SHAPE.pixels()];
        List<String> classes = new ArrayList<>();
        IntStream.range(0, 10).forEach(c -> classes.add("class" + c));
        try (ImageStore.Writer writer = ImageStore.create(file, SHAPE, classes, 0)) {
            for (int i = 0; i < IMAGES; i++) {
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
            System.out.println("accuracy " + Evaluator.evaluate(net, data).accuracy());
            Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmHWM"))
                    .forEach(System.out::println);
        }
    }
}
