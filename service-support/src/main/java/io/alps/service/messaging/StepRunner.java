package io.alps.service.messaging;

import io.alps.events.EventIds;
import io.alps.events.v1.StepFailed;
import io.alps.service.experiment.Cancellations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.Supplier;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.jboss.logging.Logger;

/**
 * Runs one step for one experiment with what every step needs around it: a timer and counters
 * tagged by service, step, experiment and round, and on failure a {@code StepFailed} event (the
 * lifecycle decides what follows) and a rethrow, so the record goes to the dead-letter topic and
 * the consumer carries on with the next record. A step of a cancelled experiment is not started,
 * and one that stops because of the cancel ({@link Cancellations.StepCancelled}) ends quietly.
 */
@ApplicationScoped
public class StepRunner {
    private static final Logger LOG = Logger.getLogger(StepRunner.class);

    private final ServiceConfig config;
    private final MeterRegistry meters;
    private final EventSender sender;
    private final Emitter<Record<String, StepFailed>> failures;
    private final Cancellations cancellations;

    public StepRunner(ServiceConfig config, MeterRegistry meters, EventSender sender,
                      @Channel(Channels.STEP_FAILED) Emitter<Record<String, StepFailed>> failures,
                      Cancellations cancellations) {
        this.cancellations = cancellations;
        this.config = config;
        this.meters = meters;
        this.sender = sender;
        this.failures = failures;
    }

    /**
     * Runs {@code work}, which returns true when it did the work and false when it found the work
     * already done (a redelivered event). {@code experimentId} may be null for an undecodable record.
     */
    public void run(String step, String experimentId, int round, Supplier<Boolean> work) {
        Tags tags = tags(step, experimentId, round);
        Timer.Sample sample = Timer.start(meters);
        try {
            if (experimentId == null) {
                throw new IllegalArgumentException("the record has no experiment id as its key");
            }
            if (cancellations.cancelled(experimentId)) {
                dropCancelled(step, experimentId, round, tags);
                return;
            }
            // On a thread of its own, so the native threads it starts end with it (StepThreads).
            boolean worked = StepThreads.call(config.name() + "-" + step, work);
            sample.stop(meters.timer("alps.step.duration", tags));
            meters.counter(worked ? "alps.step.done" : "alps.step.skipped", tags).increment();
            if (!worked) {
                LOG.infof("%s r%d of %s: already done, re-sent its stored event", step, round, experimentId);
            }
        } catch (Cancellations.StepCancelled e) {
            dropCancelled(step, experimentId, round, tags);
        } catch (StepClaims.Interrupted e) {
            // Not the step's failure: the service is stopping and the input goes to another instance.
            LOG.infof("%s r%d of %s: interrupted, the service is stopping", step, round, experimentId);
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            // Out of memory is reported too: unreported, the experiment would wait for ever.
            meters.counter("alps.step.failed", tags).increment();
            String reason = step + " failed in " + config.name() + ": " + (e instanceof OutOfMemoryError
                    ? "out of memory (" + e.getMessage() + "); give the service more (./alps stack --memory, "
                    + "or the container's limit)" : describe(e));
            LOG.errorf(e, "experiment %s round %d: %s", experimentId, round, reason);
            if (experimentId != null) {
                sendFailure(step, experimentId, round, reason);
            }
            // The rethrow sends the record to the dead-letter topic.
            meters.counter("alps.dead.letters", Tags.of("service", config.name())).increment();
            throw new StepFailure(reason, e);
        }
    }

    private void dropCancelled(String step, String experimentId, int round, Tags tags) {
        meters.counter("alps.step.cancelled", tags).increment();
        LOG.infof("%s r%d of %s: stopped, the experiment was cancelled", step, round, experimentId);
    }

    /** Reports a step that cannot be done without an exception to rethrow (e.g. a poison record). */
    public void fail(String step, String experimentId, int round, String reason) {
        meters.counter("alps.step.failed", tags(step, experimentId, round)).increment();
        LOG.errorf("experiment %s round %d: %s", experimentId, round, reason);
        if (experimentId != null) {
            sendFailure(step, experimentId, round, step + " failed in " + config.name() + ": " + reason);
        }
    }

    private Tags tags(String step, String experimentId, int round) {
        // The experiment tag is bounded by MeterLimits.
        return Tags.of("service", config.name(), "step", step, "experiment", String.valueOf(experimentId),
                "round", Integer.toString(round));
    }

    private void sendFailure(String step, String experimentId, int round, String reason) {
        StepFailed event = StepFailed.newBuilder()
                .setEventId(EventIds.of(experimentId, "failed-" + step, Math.max(round, 0)))
                .setExperimentId(experimentId).setRound(round).setService(config.name()).setStep(step)
                .setReason(reason).build();
        try {
            sender.send(failures, experimentId, event);
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not report the failure of experiment %s", experimentId);
        }
    }

    /** The message chain of an exception, without repeating the same text. */
    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 600; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (sb.indexOf(m) < 0) {
                if (sb.length() > 0) {
                    sb.append(": ");
                }
                sb.append(m);
            }
        }
        return sb.toString();
    }
}
