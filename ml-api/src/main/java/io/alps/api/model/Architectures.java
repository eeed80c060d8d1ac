package io.alps.api.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** The registry of network families; adding one is one class and one line here. */
public final class Architectures {
    private static final Map<String, Architecture> REGISTRY = new LinkedHashMap<>();

    static {
        register(new LeNet5());
        register(new ConvNet(2));
        register(new ConvNet(4));
        register(new ConvNet(6));
        register(new Vgg(11));
        register(new Vgg(16));
        register(new ResNet());
        register(new ResNetImageNet());
    }

    /** For help texts (a compile-time constant, so annotations can use it); ArchitecturesTest keeps it true. */
    public static final String NAMES = "lenet5, conv2, conv4, conv6, vgg11, vgg16, resnet18, resnet18-imagenet";

    private Architectures() {
    }

    private static void register(Architecture a) {
        REGISTRY.put(a.name(), a);
    }

    public static Architecture get(String name) {
        Architecture a = REGISTRY.get(name);
        if (a == null) {
            throw new IllegalArgumentException("unknown architecture '" + name + "': expected one of " + names());
        }
        return a;
    }

    public static boolean exists(String name) {
        return REGISTRY.containsKey(name);
    }

    public static String names() {
        return String.join(", ", REGISTRY.keySet());
    }
}
