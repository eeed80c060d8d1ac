package io.alps.stack;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * How to run the stack: where the repository (with the packaged services) and the state live,
 * the ports, how many trainers, and each service's heap.
 *
 * @param trainerPorts one port per trainer instance; the first is the trainer's usual port
 * @param selectorPorts one port per selector instance; the first is the selector's usual port
 * @param prometheusPort where Prometheus listens if it is installed; 0 runs none
 * @param dataSets the data sets registered with the services, which specs name in {@code data}
 */
public record StackConfig(Path root, Path workDir, int kafkaPort, int storagePort, Map<ServiceKind, Integer> ports,
                          int[] trainerPorts, int[] selectorPorts, String serviceHeap, int partitions, int prometheusPort,
                          java.util.List<StackData.DataSet> dataSets) {

    /** The same stack with these data sets registered. */
    public StackConfig withDataSets(java.util.List<StackData.DataSet> sets) {
        return new StackConfig(root, workDir, kafkaPort, storagePort, ports, trainerPorts, selectorPorts, serviceHeap,
                partitions,
                prometheusPort, java.util.List.copyOf(sets));
    }

    /** The folder of the registered data set a spec's {@code data} names (null: none named, the default place). */
    public Path dataFolder(String data) {
        if (data == null) {
            return null;
        }
        return dataSets.stream().filter(s -> s.name().equals(data)).map(StackData.DataSet::dir).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no data set named '" + data + "' is registered with "
                        + "this stack; pass --data DIR"));
    }

    /** As {@link #standard(Path, Path, int, int, String)} with one selector. */
    public static StackConfig standard(Path root, Path workDir, int trainers, String heap) {
        return standard(root, workDir, trainers, 1, heap);
    }

    /**
     * The fixed local ports: reporter 8080, trainer 8081, selector 8082, pruner 8083, then further
     * trainers 8084.. and after them further selectors; Kafka 9092, S3 9000, Prometheus 9090.
     */
    public static StackConfig standard(Path root, Path workDir, int trainers, int selectors, String heap) {
        Map<ServiceKind, Integer> ports = new EnumMap<>(ServiceKind.class);
        for (ServiceKind k : ServiceKind.values()) {
            ports.put(k, k.defaultPort());
        }
        int[] next = {8084};
        int[] trainerPorts = instancePorts(trainers, ServiceKind.TRAINER.defaultPort(), () -> next[0]++);
        int[] selectorPorts = instancePorts(selectors, ServiceKind.SELECTOR.defaultPort(), () -> next[0]++);
        return new StackConfig(root, workDir, 9092, 9000, ports, trainerPorts, selectorPorts, heap,
                Math.max(2, Math.max(trainers, selectors)), 9090, java.util.List.of());
    }

    /** As {@link #freePorts(Path, Path, int, int, String)} with one selector. */
    public static StackConfig freePorts(Path root, Path workDir, int trainers, String heap) {
        return freePorts(root, workDir, trainers, 1, heap);
    }

    /** Free ports everywhere (Prometheus too, when installed), for tests that must not collide with a running stack. */
    public static StackConfig freePorts(Path root, Path workDir, int trainers, int selectors, String heap) {
        Map<ServiceKind, Integer> ports = new EnumMap<>(ServiceKind.class);
        for (ServiceKind k : ServiceKind.values()) {
            ports.put(k, io.alps.infra.Ports.free());
        }
        int[] trainerPorts = instancePorts(trainers, ports.get(ServiceKind.TRAINER), io.alps.infra.Ports::free);
        int[] selectorPorts = instancePorts(selectors, ports.get(ServiceKind.SELECTOR), io.alps.infra.Ports::free);
        return new StackConfig(root, workDir, io.alps.infra.Ports.free(), io.alps.infra.Ports.free(), ports,
                trainerPorts, selectorPorts, heap, Math.max(2, Math.max(trainers, selectors)), io.alps.infra.Ports.free(),
                java.util.List.of());
    }

    /** The ports of {@code count} instances of one service: its usual port first, then {@code further}'s. */
    private static int[] instancePorts(int count, int first, java.util.function.IntSupplier further) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = i == 0 ? first : further.getAsInt();
        }
        return out;
    }

    /** The ports of each instance of {@code kind}: several for trainers and selectors, one for the others. */
    public int[] instancePorts(ServiceKind kind) {
        return switch (kind) {
            case TRAINER -> trainerPorts;
            case SELECTOR -> selectorPorts;
            default -> new int[] {ports.get(kind)};
        };
    }

    public String reporterUrl() {
        return "http://127.0.0.1:" + ports.get(ServiceKind.REPORTER);
    }
}
