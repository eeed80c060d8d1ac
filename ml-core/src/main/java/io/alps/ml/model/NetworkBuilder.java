package io.alps.ml.model;

import org.nd4j.linalg.activations.Activation;

import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;

import io.alps.ml.backend.Backend;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.Adam;

/** Builds and seeds the DL4J network for a plan. The same plan and seed give the same weights. */
public final class NetworkBuilder {
    private NetworkBuilder() {
    }

    public static MultiLayerNetwork build(NetworkPlan plan, double learningRate, long seed) {
        return build(plan, learningRate, seed, new StandardLayers());
    }

    public static MultiLayerNetwork build(NetworkPlan plan, double learningRate, long seed, LayerFactory layers) {
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(plan, learningRate, seed, layers));
        net.init();
        return net;
    }

    public static MultiLayerConfiguration configuration(NetworkPlan plan, double learningRate, long seed,
                                                        LayerFactory layers) {
        Backend.init();
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .list();
        for (int i = 0; i < plan.layers().size(); i++) {
            LayerSpec spec = plan.layers().get(i);
            if (spec instanceof LayerSpec.Conv c) {
                list.layer(i, layers.conv(c, i, plan.batchNormFollows(i) ? Activation.IDENTITY : Activation.RELU));
            } else if (spec instanceof LayerSpec.BatchNorm) {
                list.layer(i, layers.batchNorm(i));
            } else if (spec instanceof LayerSpec.Dense d) {
                list.layer(i, layers.dense(d, i));
            } else if (spec instanceof LayerSpec.MaxPool p) {
                list.layer(i, new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(p.size(), p.size())
                        .stride(p.size(), p.size()).name("pool" + i).build());
            }
        }
        list.layer(plan.outputLayerIndex(), layers.output(plan.numClasses(), plan.outputLayerIndex()));
        list.setInputType(InputType.convolutional(plan.input().height(), plan.input().width(), plan.input().channels()));
        return list.build();
    }
}
