package io.alps.ml.backend;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One place that puts ND4J/DL4J into the fast, deterministic configuration every ALPS process
 * uses. Call {@link #init()} before building any network.
 *
 * <p>Why each setting (measured on a 2-core CPU, see the benchmark): DL4J M2.1 disables its
 * oneDNN conv/pool helpers by default through a system property, and OpenBLAS threads compete
 * with the OpenMP threads of the native ops. Both together cost about 10x in training speed.
 */
public final class Backend {
    /** DL4J reads this property every time a layer creates its helper. */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    private static boolean initialised;

    private Backend() {
    }

    public static synchronized void init() {
        if (initialised) {
            return;
        }
        if (System.getProperty(HELPERS_DISABLE_PROPERTY) == null) {
            System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        }
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        // DL4J would write a memory crash dump into the working directory on out-of-memory;
        // MemoryLimit reports it as an error naming the network and batch instead.
        org.deeplearning4j.util.CrashReportingUtil.crashDumpsEnabled(false);
        if (isCpu()) {
            Nd4j.factory().blas().setMaxThreads(1);
        }
        initialised = true;
    }

    public static boolean isCpu() {
        return "CPU".equalsIgnoreCase(backendName());
    }

    public static String backendName() {
        Object name = Nd4j.getExecutioner().getEnvironmentInformation().get("backend");
        return name == null ? "unknown" : name.toString();
    }

    /** The helper class names the network's layers actually use (empty entries are omitted). */
    public static List<String> activeHelpers(ComputationGraph net) {
        List<String> helpers = new ArrayList<>();
        for (Layer layer : net.getLayers()) {
            LayerHelper helper = layer.getHelper();
            if (helper != null) {
                helpers.add(helper.getClass().getSimpleName());
            }
        }
        return helpers;
    }

    /**
     * How many experiments one process runs at once by default (a sweep's members, a trainer's
     * rounds): two on the CPU backend, one elsewhere. On two cores, two LeNet-5 trainings at once
     * gave 1.19x the images/s of one (medians of three runs), because DL4J's single-threaded work
     * between the native ops of one leaves the cores to the other. Each keeps ND4J's full thread
     * count, so its numbers are bit for bit those of a run alone; fewer native threads per run
     * would be faster still but would change the bits (see the section "Speed on the CPU backend"
     * in docs/architecture.md).
     */
    public static int defaultRunsAtATime() {
        return isCpu() ? 2 : 1;
    }

    public static String describe() {
        return backendName() + " backend, " + Nd4j.getEnvironment().maxThreads() + " op threads, helpers "
                + ("false".equals(System.getProperty(HELPERS_DISABLE_PROPERTY)) ? "enabled" : "disabled");
    }
}
