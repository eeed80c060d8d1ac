package io.alps.reporter.console;

import io.alps.api.data.DatasetInfo;
import io.alps.api.data.FolderLayout;
import io.alps.api.spec.DatasetKind;
import io.alps.reporter.api.DatasetResource;
import io.alps.reporter.api.ExperimentResource;
import io.alps.reporter.samples.DisplayImages;
import io.alps.service.data.DataConfig;
import io.alps.service.data.DataSets;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jboss.logging.Logger;

/**
 * The console's data sets page: what each registered or uploaded data set holds, a few training
 * images of each class (image folders only: the benchmark sets have no file per image), an upload
 * with its progress (the page's script posts to {@code POST /datasets}) and a delete for uploaded
 * ones (through {@code DELETE /datasets/{name}}'s own checks). Images are addressed by data set,
 * class number and image number, never by a path.
 */
@Path("/console/datasets")
@Blocking
@PermitAll
public class DatasetPages {
    private static final Logger LOG = Logger.getLogger(DatasetPages.class);
    /** Training images shown per class, and classes shown with images: enough to recognise the set. */
    static final int SAMPLES_PER_CLASS = 4;
    static final int CLASSES_WITH_SAMPLES = 20;
    /** The longest side a sample is sent at: a thumbnail. */
    static final int THUMBNAIL_SIDE = 96;

    private final DataSets dataSets;
    private final DatasetResource api;
    private final ConsoleAccess access;
    private final DisplayImages thumbnails;

    public DatasetPages(DataSets dataSets, DatasetResource api, ConsoleAccess access, DataConfig data) {
        this.dataSets = dataSets;
        this.api = api;
        this.access = access;
        this.thumbnails = new DisplayImages(THUMBNAIL_SIDE, data.imagePixelLimit());
    }

    /** One class and the addresses of its sample images. */
    public record ClassSamples(String name, List<String> images) {
    }

    /** One data set as the page shows it; {@code unlabeled} is null when it cannot be counted now. */
    public record Row(String name, String kind, int classes, String imageSize, long train, long test, Long unlabeled,
                      List<String> classNames, List<ClassSamples> samples, boolean uploaded, String deleteError) {
        public String id() {
            return "ds-" + name;
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance datasets(List<Row> dataSets, boolean canWrite, String readOnly, String uploadLimit,
                                                String notice, String uploaded);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response list(@jakarta.ws.rs.QueryParam("uploaded") String uploaded) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        return Response.ok(page(null, null, uploaded)).build();
    }

    @POST
    @Path("{name}/delete")
    @Produces(MediaType.TEXT_HTML)
    public Response delete(@PathParam("name") String name) {
        if (!access.canRead()) {
            return access.toLogin();
        }
        Optional<String> crossSite = access.crossSite();
        if (crossSite.isPresent()) {
            return Response.status(403).entity(page(name, "Not deleted: " + crossSite.get() + ".", null)).build();
        }
        if (!access.canWrite()) {
            return Response.status(403).entity(page(name, ConsoleAccess.READ_ONLY, null)).build();
        }
        Response answer = api.delete(name);
        if (answer.getStatus() == 204) {
            return Response.seeOther(URI.create("/console/datasets")).build();
        }
        String problem = answer.getEntity() instanceof ExperimentResource.Invalid invalid
                ? String.join(" ", invalid.errors()) : "not deleted (HTTP " + answer.getStatus() + ")";
        return Response.status(answer.getStatus()).entity(page(name, "Not deleted: " + problem, null)).build();
    }

    /** Training image {@code number} of class {@code classNumber} (both from 0, in name order), as a thumbnail. */
    @GET
    @Path("{name}/samples/{classNumber}/{number}")
    public Response sample(@PathParam("name") String name, @PathParam("classNumber") int classNumber,
                           @PathParam("number") int number) {
        if (!access.canRead()) {
            return Response.status(401).build();
        }
        Optional<java.nio.file.Path> folder = imageFolder(name);
        if (folder.isEmpty()) {
            return notFound("data set '" + name + "' has no image files to show");
        }
        java.nio.file.Path train = folder.get().resolve(FolderLayout.TRAIN);
        List<String> classes = FolderLayout.folders(train);
        if (classNumber < 0 || classNumber >= classes.size()) {
            return notFound("data set '" + name + "' has no class " + classNumber);
        }
        List<java.nio.file.Path> images = FolderLayout.images(train.resolve(classes.get(classNumber)));
        if (number < 0 || number >= images.size()) {
            return notFound("class " + classNumber + " of data set '" + name + "' has no image " + number);
        }
        try {
            DisplayImages.Encoded image = thumbnails.read(images.get(number));
            return Response.ok(image.bytes(), image.contentType()).header("Cache-Control", "private, max-age=300").build();
        } catch (DisplayImages.Unreadable e) {
            return notFound("image " + number + " of class " + classNumber + " of data set '" + name
                    + "' cannot be shown: " + e.getMessage());
        }
    }

    /** The page; {@code uploaded} names the data set the page's upload just kept (shown only when it is listed). */
    private TemplateInstance page(String failedName, String failure, String uploaded) {
        List<String> registered = dataSets.names();
        List<Row> rows = new ArrayList<>();
        for (DatasetInfo info : dataSets.describe()) {
            Optional<java.nio.file.Path> folder = imageFolder(info.name());
            Long unlabeled = isFolderKind(info.kind()) ? folder.map(f -> (long) FolderLayout.images(
                    f.resolve(FolderLayout.UNLABELED)).size()).orElse(null) : Long.valueOf(0);
            List<ClassSamples> samples = folder.map(f -> samples(info.name(), f)).orElse(List.of());
            List<Integer> shape = info.shape();
            String size = shape.size() == 3 ? shape.get(2) + " x " + shape.get(1) + " px, " + (shape.get(0) == 1
                    ? "grey" : shape.get(0) + " channels") : shape.toString();
            rows.add(new Row(info.name(), info.kind(), info.classes(), size, info.train(), info.test(), unlabeled,
                    info.classNames(), samples, !registered.contains(info.name()),
                    info.name().equals(failedName) ? failure : null));
        }
        String general = failedName != null && rows.stream().noneMatch(r -> r.name().equals(failedName)) ? failure : null;
        String kept = rows.stream().map(Row::name).filter(n -> n.equals(uploaded)).findFirst().orElse(null);
        String limit = String.format("%,d bytes", dataSets.uploads().map(u -> u.limits().uploadBytes()).orElse(0L));
        return Templates.datasets(rows, access.canWrite(), ConsoleAccess.READ_ONLY, limit, general, kept);
    }

    private List<ClassSamples> samples(String name, java.nio.file.Path folder) {
        java.nio.file.Path train = folder.resolve(FolderLayout.TRAIN);
        List<String> classes = FolderLayout.folders(train);
        return IntStream.range(0, Math.min(classes.size(), CLASSES_WITH_SAMPLES)).mapToObj(c -> {
            int shown = Math.min(SAMPLES_PER_CLASS, FolderLayout.images(train.resolve(classes.get(c))).size());
            return new ClassSamples(classes.get(c), IntStream.range(0, shown).mapToObj(n -> "/console/datasets/"
                    + name + "/samples/" + c + "/" + n).toList());
        }).toList();
    }

    /** The folder of an image-folder data set (an uploaded one is unpacked on this machine on first use). */
    private Optional<java.nio.file.Path> imageFolder(String name) {
        Optional<DataSets.DataSet> set = dataSets.find(name);
        if (set.isEmpty() || set.get().kind() != DatasetKind.FOLDER) {
            return Optional.empty();
        }
        try {
            return Optional.of(dataSets.folder(name));
        } catch (RuntimeException e) {
            LOG.warnf("data set %s cannot be read for the console: %s", name, e.getMessage());
            return Optional.empty();
        }
    }

    private static boolean isFolderKind(String kind) {
        return DatasetKind.FOLDER.id().equals(kind);
    }

    private static Response notFound(String problem) {
        return Response.status(404).type(MediaType.TEXT_PLAIN).entity(problem).build();
    }
}
