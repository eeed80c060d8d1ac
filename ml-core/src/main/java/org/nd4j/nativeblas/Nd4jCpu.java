package org.nd4j.nativeblas;

/**
 * Compatibility shim for a DL4J 1.0.0-M2.1 bug.
 *
 * <p>DL4J decides whether its oneDNN conv/pool helpers may be used by reflectively calling
 * {@code org.nd4j.nativeblas.Nd4jCpu$Environment.getInstance().isUseMKLDNN()}. In M2.1 that class
 * moved to {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment} and the method was
 * renamed {@code isUseONEDNN()}, so the check always fails and training silently runs about ten
 * times slower. This class restores the old name and delegates to the new one. Remove it once DL4J
 * looks up the new name. {@code BackendTest} guards that the helpers really load.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN();
        }
    }
}
