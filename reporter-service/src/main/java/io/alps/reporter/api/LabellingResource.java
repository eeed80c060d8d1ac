package io.alps.reporter.api;

import io.alps.reporter.lifecycle.LabellingDesk;
import io.alps.reporter.samples.DisplayImages;
import io.alps.reporter.samples.SampleOriginals;
import io.alps.reporter.security.Roles;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.storage.StorageKeys;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Where people label an experiment (oracle human): its open queries, their images, and the answers. */
@Path("/experiments")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
@RolesAllowed(Roles.READ)
public class LabellingResource {
    private final LabellingDesk desk;
    private final ExperimentStore store;
    private final KnownExperiments known;
    private final SampleOriginals originals;

    public LabellingResource(LabellingDesk desk, ExperimentStore store, KnownExperiments known, SampleOriginals originals) {
        this.desk = desk;
        this.store = store;
        this.known = known;
        this.originals = originals;
    }

    /**
     * One sample people are asked to label: the link to its image as the network sees it and, for
     * image-folder data sets, to its original picture (null for the benchmark sets, which have no file).
     */
    public record Query(int sampleId, String image, String original) {
    }

    /** The open label queries of an experiment labelled by people ({@code round} null: none is waiting). */
    public record OpenQueries(String experimentId, Integer round, int asked, int answered, List<Query> queries,
                              List<String> classes) {
        static OpenQueries of(LabellingDesk.Queries q, boolean originals) {
            String samples = "/experiments/" + q.experimentId() + "/samples/";
            List<Query> open = q.open().stream().map(s -> new Query(s, samples + s + ".png",
                    originals ? samples + s + "/original" : null)).toList();
            return new OpenQueries(q.experimentId(), q.round(), q.asked(), q.asked() - open.size(), open, q.classes());
        }
    }

    /** People's answers: sample id -> class name. */
    public record Answers(Map<String, String> labels) {
    }

    @GET
    @Path("{id}/queries")
    @Operation(summary = "The samples people are asked to label now (oracle human), with their image links and the classes",
            description = "Each query links its image as the network sees it (image) and, for image-folder data sets, "
                    + "its original picture (original; null for CIFAR-10 and Fashion-MNIST, which have no file per sample)")
    @APIResponse(responseCode = "404", description = "No such experiment")
    @APIResponse(responseCode = "409", description = "The experiment is not labelled by people")
    public OpenQueries queries(@PathParam("id") String id) {
        known.require(id);
        return desk.queries(id).map(q -> OpenQueries.of(q, originals.offered(id)))
                .orElseThrow(() -> new ApiErrors.NoSuchExperiment(id));
    }

    @POST
    @Path("{id}/labels")
    @RolesAllowed(Roles.WRITE)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Answer label queries", description = "Partial answers are kept; once a round's queries are "
            + "all answered the experiment goes on. The same answer twice changes nothing.")
    @RequestBody(description = "e.g. {\"labels\": {\"17\": \"cat\", \"512\": \"ship\"}}")
    @APIResponse(responseCode = "200", description = "Kept; the body holds the queries still open")
    @APIResponse(responseCode = "400", description = "Unknown samples or classes, or labels that cannot change, each "
            + "problem named once with its first keys; nothing was kept")
    @APIResponse(responseCode = "404", description = "No such experiment")
    @APIResponse(responseCode = "409", description = "The experiment takes no labels (not labelled by people, or finished)")
    @APIResponse(responseCode = "503", description = "Kept, but the message broker did not take the next round; post again")
    public OpenQueries answer(@PathParam("id") String id, Answers answers) {
        known.require(id);
        if (answers == null || answers.labels() == null) {
            throw new ApiErrors.BadRequest("labels: expected {\"labels\": {\"<sample id>\": \"<class name>\", ...}}");
        }
        return desk.answer(id, answers.labels()).map(q -> OpenQueries.of(q, originals.offered(id)))
                .orElseThrow(() -> new ApiErrors.NoSuchExperiment(id));
    }

    @GET
    @Path("{id}/samples/{sampleId: \\d{1,9}}.png")
    @Produces("image/png")
    @Operation(summary = "A queried sample's image, as the network sees it")
    @APIResponse(responseCode = "404", description = "No such experiment, or the sample was never asked about")
    public Response sample(@PathParam("id") String id, @PathParam("sampleId") int sampleId) {
        known.require(id);
        return store.objects().open(StorageKeys.sampleImage(id, sampleId)).map(in -> Downloads.file(sampleId + ".png", in))
                .orElseThrow(NotFoundException::new);
    }

    @GET
    @Path("{id}/samples/{sampleId: \\d{1,9}}/original")
    @Produces({"image/jpeg", "image/png"})
    @Operation(summary = "A queried sample's original picture, from its data set's file",
            description = "Scaled down to at most alps.labelling.original-max-side pixels (512) on its longer side, "
                    + "aspect kept, never enlarged. A JPEG stays image/jpeg; PNG, GIF and BMP are sent as image/png. "
                    + "Only image-folder data sets have originals.")
    @APIResponse(responseCode = "200", description = "The picture")
    @APIResponse(responseCode = "404", description = "No such experiment, the sample was never asked about, or its data "
            + "set has no file per sample (CIFAR-10, Fashion-MNIST); the body names the sample")
    @APIResponse(responseCode = "410", description = "The sample's file or its data set was removed since it was asked "
            + "about; the body names the sample")
    @APIResponse(responseCode = "500", description = "The file is no image that can be decoded (damaged, or past the "
            + "pixel limit); the body names the sample")
    @APIResponse(responseCode = "503", description = "The data set cannot be read on this server now; try again later")
    public Response original(@PathParam("id") String id, @PathParam("sampleId") int sampleId) {
        known.require(id);
        DisplayImages.Encoded image = originals.original(id, sampleId);
        return Response.ok(image.bytes(), image.contentType()).build();
    }
}
