package io.alps.reporter.messaging;

import io.alps.events.v1.ExperimentStarted;
import io.alps.events.v1.FinalTrained;
import io.alps.events.v1.RoundCompleted;
import io.alps.events.v1.StepFailed;
import io.alps.reporter.lifecycle.ExperimentLifecycle;
import io.alps.service.messaging.Channels;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The steps' reports the lifecycle decides on, read in the lifecycle's own consumer group with
 * committed offsets: each report is acted upon once, not again when the board replays the topics.
 */
@ApplicationScoped
public class LifecycleConsumers {
    private final ExperimentLifecycle lifecycle;

    public LifecycleConsumers(ExperimentLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Incoming(Channels.LIFECYCLE_STARTED)
    @Blocking
    public void onStarted(ConsumerRecord<String, ExperimentStarted> record) {
        if (record.value() != null) {
            lifecycle.started(record.key(), record.value());
        } else {
            lifecycle.unreadable(record.key(), record.topic());
        }
    }

    @Incoming(Channels.LIFECYCLE_ROUND_COMPLETED)
    @Blocking
    public void onRoundCompleted(ConsumerRecord<String, RoundCompleted> record) {
        if (record.value() != null) {
            lifecycle.roundCompleted(record.key(), record.value());
        } else {
            lifecycle.unreadable(record.key(), record.topic());
        }
    }

    @Incoming(Channels.LIFECYCLE_FINAL_TRAINED)
    @Blocking
    public void onFinalTrained(ConsumerRecord<String, FinalTrained> record) {
        if (record.value() != null) {
            lifecycle.finalTrained(record.key(), record.value());
        } else {
            lifecycle.unreadable(record.key(), record.topic());
        }
    }

    @Incoming(Channels.LIFECYCLE_STEP_FAILED)
    @Blocking
    public void onStepFailed(ConsumerRecord<String, StepFailed> record) {
        if (record.value() != null) {
            lifecycle.stepFailed(record.key(), record.value());
        } else {
            lifecycle.unreadable(record.key(), record.topic());
        }
    }
}
