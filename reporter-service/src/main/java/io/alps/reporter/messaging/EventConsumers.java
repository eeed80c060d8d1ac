package io.alps.reporter.messaging;

import io.alps.api.spec.ExperimentSpec;
import io.alps.events.v1.ExperimentCancelled;
import io.alps.events.v1.ExperimentCompleted;
import io.alps.events.v1.ExperimentFailed;
import io.alps.events.v1.ExperimentRequested;
import io.alps.events.v1.ExperimentStarted;
import io.alps.events.v1.ModelTrained;
import io.alps.events.v1.RoundCompleted;
import io.alps.events.v1.SamplesSelected;
import io.alps.reporter.board.ExperimentBoard;
import io.alps.reporter.board.FailureView;
import io.alps.reporter.board.RoundView;
import io.alps.reporter.metrics.RoundMetrics;
import io.alps.reporter.sweep.Sweeps;
import io.alps.service.experiment.ExperimentStore;
import io.alps.service.messaging.Channels;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/** Every event of the flow, folded into the experiment board and the dashboards' meters (no decisions here). */
@ApplicationScoped
public class EventConsumers {
    private static final Logger LOG = Logger.getLogger(EventConsumers.class);

    private final ExperimentBoard board;
    private final ExperimentStore store;
    private final RoundMetrics metrics;
    private final Sweeps sweeps;

    public EventConsumers(ExperimentBoard board, ExperimentStore store, RoundMetrics metrics, Sweeps sweeps) {
        this.board = board;
        this.store = store;
        this.metrics = metrics;
        this.sweeps = sweeps;
    }

    @Incoming(Channels.EXPERIMENT_REQUESTED)
    public void onRequested(ConsumerRecord<String, ExperimentRequested> record) {
        ExperimentRequested e = record.value();
        ExperimentSpec spec;
        try {
            spec = ExperimentSpec.fromJson(e.getSpecJson());
        } catch (RuntimeException ex) {
            LOG.errorf("experiment %s: unreadable spec in its request: %s", record.key(), ex.getMessage());
            spec = null;
        }
        board.requested(record.key(), e.getEventId(), spec, e.getRequestedAtMs());
    }

    @Incoming(Channels.EXPERIMENT_STARTED)
    public void onStarted(ConsumerRecord<String, ExperimentStarted> record) {
        board.started(record.key(), record.value().getEventId(), record.value().getDatasetName());
    }

    @Incoming(Channels.MODEL_TRAINED)
    public void onModelTrained(ConsumerRecord<String, ModelTrained> record) {
        ModelTrained e = record.value();
        if (board.isNew(record.key(), e.getEventId())) {
            metrics.trained(record.key(), board.kind(record.key()), e.getRound(), e.getLabeled(), e.getTestAccuracy(),
                    e.getTestLoss(), e.getParameters(), e.getMacs(), e.getTrainedBy(),
                    e.getEpochsList().stream().map(m -> new double[] {m.getSeconds(), e.getLabeled()}).toList());
        }
        completed(record.key(), board.trained(record.key(), e.getEventId(), e.getRound(), e.getLabeled(),
                e.getTestAccuracy(), e.getTestLoss(), e.getParameters(), e.getMacs(), e.getTrainSeconds(), e.getTrainedBy(),
                e.getEpochsList().stream().map(m -> new RoundView.EpochView(m.getEpoch(), m.getTrainLoss(),
                        m.getTrainAccuracy(), m.getTestLoss(), m.getTestAccuracy(), m.getSeconds())).toList()));
    }

    @Incoming(Channels.SAMPLES_SELECTED)
    public void onSamplesSelected(ConsumerRecord<String, SamplesSelected> record) {
        SamplesSelected e = record.value();
        if (!e.getFinalRound() && board.isNew(record.key(), e.getEventId())) {
            metrics.selected(record.key(), board.kind(record.key()), e.getRound(), e.getSelectSeconds(), e.getPoolSize());
        }
        board.selected(record.key(), e.getEventId(), e.getRound(), e.getSelected(), e.getSelectSeconds(),
                e.getFinalRound());
    }

    @Incoming(Channels.ROUND_COMPLETED)
    public void onRoundCompleted(ConsumerRecord<String, RoundCompleted> record) {
        RoundCompleted e = record.value();
        String id = record.key();
        Map<String, Object> extras = store.jsonObject(e.getExtrasJson().isEmpty() ? "{}" : e.getExtrasJson());
        if (board.isNew(id, e.getEventId())) {
            metrics.kindMetrics(id, board.kind(id), e.getRound(), extras);
        }
        completed(id, board.roundCompleted(id, e.getEventId(), e.getRound(), extras));
    }

    @Incoming(Channels.EXPERIMENT_COMPLETED)
    @Blocking
    public void onCompleted(ConsumerRecord<String, ExperimentCompleted> record) {
        completed(record.key(), board.completed(record.key(), record.value().getEventId(), record.value().getRounds()));
    }

    /** A member of a sweep whose view just became COMPLETED rewrites the sweep's report. */
    private void completed(String id, boolean justCompleted) {
        if (justCompleted) {
            sweeps.memberCompleted(id);
        }
    }

    @Incoming(Channels.EXPERIMENT_CANCELLED)
    public void onCancelled(ConsumerRecord<String, ExperimentCancelled> record) {
        board.cancelled(record.key(), record.value().getEventId());
    }

    @Incoming(Channels.EXPERIMENT_FAILED)
    public void onFailed(ConsumerRecord<String, ExperimentFailed> record) {
        ExperimentFailed e = record.value();
        board.failed(record.key(), e.getEventId(), new FailureView(e.getService(), e.getStep(), e.getRound(), e.getReason()));
    }
}
