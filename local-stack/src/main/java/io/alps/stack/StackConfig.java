package io.alps.stack;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * How to run the stack: where the repository (with the packaged services) and the state live,
 * the ports, how many trainers, and each service's heap.
 *
 * @param trainerPorts one port per trainer instance; the first is the trainer's usual port
 * @param prometheusPort where Prometheus listens if it is installed; 0 runs none
 * @param dataSets the data sets registered with the services, which specs name in {@code data}
 */
public record StackConfig(Path root, Path workDir, int kafkaPort, int storagePort, Map<ServiceKind, Integer> ports,
                          int[] trainerPorts, String serviceHeap, int partitions, int prometheusPort,
                          java.util.List<StackData.DataSet> dataSets) {

    /** The same stack with these data sets registered. */
    public StackConfig withDataSets(java.util.List<StackData.DataSet> sets) {
        return new StackConfig(root, workDir, kafkaPort, storagePort, ports, trainerPorts, serviceHeap, partitions,
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

    /** The fixed local ports: reporter 8080, trainers 8081 then 8084.., selector 8082, pruner 8083, Kafka 9092, S3 9000, Prometheus 9090. */
    public static StackConfig standard(Path root, Path workDir, int trainers, String heap) {
        Map<ServiceKind, Integer> ports = new EnumMap<>(ServiceKind.class);
        for (ServiceKind k : ServiceKind.values()) {
            ports.put(k, k.defaultPort());
        }
        int[] trainerPorts = new int[trainers];
        trainerPorts[0] = ServiceKind.TRAINER.defaultPort();
        for (int i = 1; i < trainers; i++) {
            trainerPorts[i] = 8083 + i;
        }
        return new StackConfig(root, workDir, 9092, 9000, ports, trainerPorts, heap, Math.max(2, trainers), 9090,
                java.util.List.of());
    }

    /** Free ports everywhere (Prometheus too, when installed), for tests that must not collide with a running stack. */
    public static StackConfig freePorts(Path root, Path workDir, int trainers, String heap) {
        Map<ServiceKind, Integer> ports = new EnumMap<>(ServiceKind.class);
        for (ServiceKind k : ServiceKind.values()) {
            ports.put(k, io.alps.infra.Ports.free());
        }
        int[] trainerPorts = new int[trainers];
        for (int i = 0; i < trainers; i++) {
            trainerPorts[i] = i == 0 ? ports.get(ServiceKind.TRAINER) : io.alps.infra.Ports.free();
        }
        return new StackConfig(root, workDir, io.alps.infra.Ports.free(), io.alps.infra.Ports.free(), ports,
                trainerPorts, heap, Math.max(2, trainers), io.alps.infra.Ports.free(), java.util.List.of());
    }

    public String reporterUrl() {
        return "http://127.0.0.1:" + ports.get(ServiceKind.REPORTER);
    }
}
