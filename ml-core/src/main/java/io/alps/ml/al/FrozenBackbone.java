package io.alps.ml.al;

import io.alps.api.model.ImageShape;
import io.alps.api.model.LayerNames;
import io.alps.api.query.Embeddings;
import io.alps.ml.data.DataSplit;
import io.alps.ml.data.Dataset;
import io.alps.ml.train.Evaluator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A network whose layers before the output layer do not train ({@code freezeBackbone}): every
 * image's embedding (the output layer's input) is computed once and kept, and the output layer
 * alone, as a network of its own ({@link #head}), trains, scores and evaluates on them. In
 * inference that is exactly what the whole network computes, at the cost of one matrix product.
 * The embeddings are recomputed only when the backbone's numbers change (they never do within an
 * experiment); they take samples x width floats (84 per image for LeNet-5, 512 for ResNet-18).
 */
final class FrozenBackbone {
    /** The embeddings as data sets: one sample per image, shape width x 1 x 1, labels as the images'. */
    record Embedded(Dataset train, Dataset test) {
    }

    private Map<String, INDArray> backbone;
    private Dataset train;
    private Dataset test;

    /** {@code data}'s embeddings under {@code network}'s backbone, with the training set's current labels. */
    synchronized Embedded of(ComputationGraph network, DataSplit data) {
        if (backbone == null || !sameNumbers(backbone, backboneOf(network))) {
            train = embedded(network, data.train());
            test = embedded(network, data.test());
            Map<String, INDArray> copy = new LinkedHashMap<>();
            backboneOf(network).forEach((name, params) -> copy.put(name, params.dup()));
            backbone = copy;
        }
        return new Embedded(train.withLabels(data.train().labels()), test);
    }

    /** Exactly the same numbers (INDArray's equals allows a difference of 1e-5). */
    private static boolean sameNumbers(Map<String, INDArray> kept, Map<String, INDArray> now) {
        if (!kept.keySet().equals(now.keySet())) {
            return false;
        }
        for (Map.Entry<String, INDArray> e : kept.entrySet()) {
            if (!e.getValue().equalsWithEps(now.get(e.getKey()), 0)) {
                return false;
            }
        }
        return true;
    }

    /** The parameters of every layer before the output layer, batch norms' running statistics included. */
    private static Map<String, INDArray> backboneOf(ComputationGraph network) {
        Map<String, INDArray> params = new LinkedHashMap<>();
        for (Layer layer : network.getLayers()) {
            String name = layer.conf().getLayer().getLayerName();
            if (!LayerNames.OUTPUT.equals(name) && layer.numParams() > 0) {
                params.put(name, layer.params());
            }
        }
        return params;
    }

    private static Dataset embedded(ComputationGraph network, Dataset images) {
        Embeddings e = Evaluator.embeddings(network, images, IntStream.range(0, images.size()).toArray());
        INDArray features = Nd4j.create(e.features(), new long[] {images.size(), e.dim()}, 'c');
        return new Dataset(images.name() + " embeddings", features, images.labels(), new ImageShape(e.dim(), 1, 1),
                images.classNames(), images.sampleNames());
    }

    /** {@code network}'s output layer as a network of its own, reading embeddings, with the same weights and settings. */
    static ComputationGraph head(ComputationGraph network) {
        Layer output = network.getLayer(LayerNames.OUTPUT);
        org.deeplearning4j.nn.conf.layers.FeedForwardLayer conf =
                (org.deeplearning4j.nn.conf.layers.FeedForwardLayer) output.conf().getLayer().clone();
        int width = (int) conf.getNIn();
        ComputationGraphConfiguration graph = new NeuralNetConfiguration.Builder()
                .seed(network.getConfiguration().getDefaultConfiguration().getSeed())
                .dataType(output.params().dataType())
                .graphBuilder()
                .addInputs(LayerNames.INPUT)
                .addLayer(LayerNames.OUTPUT, conf, LayerNames.INPUT)
                .setOutputs(LayerNames.OUTPUT)
                .setInputTypes(InputType.convolutional(1, 1, width))
                .build();
        ComputationGraph head = new ComputationGraph(graph);
        head.init(output.params().dup(), false);
        return head;
    }

    /** Puts the trained head's weights back into the whole network's output layer. */
    static void copyHead(ComputationGraph head, ComputationGraph network) {
        network.getLayer(LayerNames.OUTPUT).params().assign(head.getLayer(LayerNames.OUTPUT).params());
    }
}
