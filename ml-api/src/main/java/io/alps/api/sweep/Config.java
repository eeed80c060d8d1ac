package io.alps.api.sweep;

import io.alps.api.kind.Control;
import io.alps.api.kind.Controls;
import io.alps.api.kind.Kinds;
import io.alps.api.model.LeNet5;
import io.alps.api.spec.ExperimentSpec;
import io.alps.api.spec.KindOptions;
import io.alps.api.spec.SpecKinds;
import java.util.Objects;

/**
 * The swept values of one configuration (everything but the seed): kind, strategy, the kind's own
 * fields ({@code options}, null for an unknown kind), the network (null for LeNet-5, so labels
 * of LeNet-5 sweeps stay as they were) and the image side (null at the default 32, likewise).
 */
public record Config(String kind, String strategy, KindOptions options, String architecture, Integer imageSize) {

    public static Config of(ExperimentSpec spec) {
        return new Config(spec.kind(), spec.strategy(), spec.options(),
                LeNet5.NAME.equals(spec.architecture()) ? null : spec.architecture(), spec.imageSize());
    }

    public Config withStrategy(String newStrategy) {
        return new Config(kind, newStrategy, options, architecture, imageSize);
    }

    public String label() {
        StringBuilder sb = new StringBuilder(kind).append(' ');
        if (architecture != null) {
            sb.append(architecture).append(' ');
        }
        if (imageSize != null) {
            sb.append(imageSize).append("px ");
        }
        sb.append(strategy);
        if (options != null) {
            sb.append(options.label());
        }
        return sb.toString();
    }

    /** The configuration this one is compared with for the given control (on the same network and image side), or null if none applies. */
    public Config controlFor(String control) {
        Control c = Controls.get(control);
        return switch (c.axis()) {
            case STRATEGY -> c.value().equals(strategy) ? null : withStrategy((String) c.value());
            case KIND -> c.value().equals(kind) || options != null && !options.trainsNetwork() ? null
                    : new Config((String) c.value(), strategy, SpecKinds.defaults(Kinds.get((String) c.value())), architecture,
                    imageSize);
            case KIND_FIELD -> options == null || !SpecKinds.fieldNames(Kinds.get(kind)).contains(c.field())
                    || Objects.equals(c.value(), SpecKinds.value(options, c.field())) ? null
                    : new Config(kind, strategy, SpecKinds.with(options, c.field(), c.value()), architecture,
                    imageSize);
        };
    }
}
