package io.alps.service.messaging;

import io.alps.service.messaging.ShareGroupWorker.Ack;
import io.alps.service.messaging.ShareGroupWorker.Delivery;
import io.alps.service.messaging.ShareGroupWorker.PoisonCheck;
import io.alps.service.messaging.ShareGroupWorker.PoisonHandler;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides whether a record delivered often is poison, and reports it. A record delivered more than
 * {@code maxDeliveries} times is poison if the check agrees: deliveries also rise when a broker
 * restart loses locks without any worker having the record, so the caller may know better (the
 * trainer counts the tries that really started). On the broker's last delivery
 * ({@code group.share.delivery.count.limit}; it archives the record on its own after that) the
 * record is poison whatever the check says, so that it is reported, not lost.
 */
final class PoisonPolicy<V> {
    private static final Logger LOG = Logger.getLogger(PoisonPolicy.class);

    private final String clientId;
    private final int maxDeliveries;
    private final int brokerDeliveryLimit;
    private final PoisonCheck<V> check;
    private final PoisonHandler<V> handler;

    PoisonPolicy(String clientId, int maxDeliveries, int brokerDeliveryLimit, PoisonCheck<V> check,
                 PoisonHandler<V> handler) {
        this.clientId = clientId;
        this.maxDeliveries = maxDeliveries;
        this.brokerDeliveryLimit = brokerDeliveryLimit;
        this.check = check;
        this.handler = handler;
        if (maxDeliveries >= brokerDeliveryLimit) {
            LOG.warnf("%s: maxDeliveries %d is not below the broker's group.share.delivery.count.limit %d; the broker "
                    + "archives a record after %d deliveries", clientId, maxDeliveries, brokerDeliveryLimit,
                    brokerDeliveryLimit);
        }
    }

    /**
     * Empty when the record is to be handled; else how to acknowledge it without handling it:
     * {@link Ack#REJECT} once it is reported as poison, {@link Ack#RELEASE} when the report failed
     * (it comes back to be reported again).
     */
    Optional<Ack> judge(Delivery<V> delivery) {
        if (delivery.deliveryCount() <= maxDeliveries || !isPoison(delivery)) {
            return Optional.empty();
        }
        return Optional.of(report(delivery) ? Ack.REJECT : Ack.RELEASE);
    }

    private boolean isPoison(Delivery<V> delivery) {
        if (delivery.deliveryCount() >= brokerDeliveryLimit) {
            return true; // the broker's last delivery: report it rather than let the broker drop it
        }
        try {
            if (check.isPoison(delivery)) {
                return true;
            }
        } catch (RuntimeException e) {
            LOG.warnf("%s: the poison check of %s failed (%s); counting it as poison", clientId, delivery,
                    e.getMessage());
            return true;
        }
        LOG.infof("%s: %s was delivered often but the tries did not fail; handling it again", clientId, delivery);
        return false;
    }

    private boolean report(Delivery<V> delivery) {
        String reason = String.format("delivered %d times, more than the limit of %d: every earlier try failed, "
                        + "was given back or outlived its worker (%s-%d offset %d)", delivery.deliveryCount(),
                maxDeliveries, delivery.topic(), delivery.partition(), delivery.offset());
        LOG.warnf("%s: %s is poison: %s", clientId, delivery, reason);
        try {
            handler.onPoison(delivery, reason);
            return true;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: reporting the poison record %s failed; it goes back to be reported again", clientId,
                    delivery);
            return false;
        }
    }
}
