package io.alps.ml.al;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import io.alps.ml.model.Checkpoints;
import io.alps.api.model.LayerSpec;
import io.alps.api.model.NetworkPlan;
import io.alps.ml.data.ImagePreparation;
import java.util.Optional;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * One self-contained blob per {@link NetworkState}, for services that pass networks through
 * object storage: a zip holding the plan as JSON (pruning changes it between rounds), the unit
 * origins of a pruned network, and the DL4J checkpoint with its updater state, so a restored
 * network trains (and is pruned and rewound) exactly as the original would. A final model also
 * holds how its images were prepared ({@link ImagePreparation}); older blobs lack that entry and
 * still load.
 */
public final class NetworkStateCodec {
    static final String PLAN_ENTRY = "plan.json";
    static final String NETWORK_ENTRY = "network.zip";
    static final String ORIGINS_ENTRY = "origins.json";
    static final String IMAGES_ENTRY = "images.json";

    /** Layer specs are a sealed family; the class name keeps any future variant round-tripping. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.CLASS)
    private interface LayerSpecTyping {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .addMixIn(LayerSpec.class, LayerSpecTyping.class)
            .setPolymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                    .allowIfSubType(LayerSpec.class).build());

    private NetworkStateCodec() {
    }

    public static byte[] toBytes(NetworkState state) {
        return toBytes(state, null);
    }

    /** The blob of {@code state} with how its images were prepared ({@code images}: null when not known). */
    public static byte[] toBytes(NetworkState state, ImagePreparation images) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream(); ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(PLAN_ENTRY));
            zip.write(MAPPER.writeValueAsBytes(state.plan()));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(ORIGINS_ENTRY));
            zip.write(MAPPER.writeValueAsBytes(state.origins()));
            zip.closeEntry();
            if (images != null) {
                zip.putNextEntry(new ZipEntry(IMAGES_ENTRY));
                zip.write(MAPPER.writeValueAsBytes(images));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry(NETWORK_ENTRY));
            zip.write(Checkpoints.toBytes(state.network()));
            zip.closeEntry();
            zip.finish();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise network state", e);
        }
    }

    /** True when {@code blob} is a zip holding a plan as {@link #toBytes} writes it (it may still be damaged elsewhere). */
    public static boolean holdsPlan(byte[] blob) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(blob))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (PLAN_ENTRY.equals(entry.getName())) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** How the images of the blob's network were prepared; empty for a blob written without (older ones). */
    public static Optional<ImagePreparation> imagePreparation(byte[] blob, String source) {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(blob))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (IMAGES_ENTRY.equals(entry.getName())) {
                    return Optional.of(MAPPER.readValue(zip.readAllBytes(), ImagePreparation.class));
                }
            }
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            throw new Checkpoints.CheckpointException(source + " has an unreadable " + IMAGES_ENTRY + ": "
                    + e.getMessage(), e);
        }
    }

    /** Reads a blob written by {@link #toBytes}; {@code source} names it in the error of a bad blob. */
    public static NetworkState fromBytes(byte[] blob, String source) {
        byte[] plan = null;
        byte[] network = null;
        byte[] origins = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(blob))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (PLAN_ENTRY.equals(entry.getName())) {
                    plan = zip.readAllBytes();
                } else if (NETWORK_ENTRY.equals(entry.getName())) {
                    network = zip.readAllBytes();
                } else if (ORIGINS_ENTRY.equals(entry.getName())) {
                    origins = zip.readAllBytes();
                }
            }
        } catch (IOException e) {
            throw new Checkpoints.CheckpointException(source + " is not a readable network state: " + e.getMessage(), e);
        }
        if (plan == null || network == null) {
            throw new Checkpoints.CheckpointException(source + " is not a network state: it lacks "
                    + (plan == null ? PLAN_ENTRY : NETWORK_ENTRY));
        }
        NetworkPlan parsed;
        UnitOrigins units;
        try {
            parsed = MAPPER.readValue(plan, NetworkPlan.class);
            units = origins == null ? UnitOrigins.identity() : MAPPER.readValue(origins, UnitOrigins.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new Checkpoints.CheckpointException(source + " has an unreadable network plan or unit origins: "
                    + e.getMessage(), e);
        }
        return new NetworkState(parsed, Checkpoints.fromBytes(network, source), units);
    }
}
