package io.omnihub.outbound;

import java.util.List;
import java.util.NoSuchElementException;

import org.springframework.jmx.export.annotation.ManagedAttribute;
import org.springframework.jmx.export.annotation.ManagedOperation;
import org.springframework.jmx.export.annotation.ManagedOperationParameter;
import org.springframework.jmx.export.annotation.ManagedResource;
import org.springframework.stereotype.Component;

import io.omnihub.api.RejectedInputException;

/**
 * The dead-letter inbox in Hawtio's JMX tab (io.omnihub:type=OutboundDeadLetters): list, inspect and
 * replay, the same as the REST API. Empty parameters mean "any". Replays go through the same
 * governor, batches and idempotency as every change.
 */
@Component
@ManagedResource(objectName = "io.omnihub:type=OutboundDeadLetters",
        description = "Outbound dead-letter inbox: changes that could not be delivered, with replay")
public class OutboundDeadLettersMBean {

    private final OutboundApi api;
    private final OutboundDelivery delivery;
    private final DeadLetters deadLetters;

    public OutboundDeadLettersMBean(OutboundApi api, OutboundDelivery delivery, DeadLetters deadLetters) {
        this.api = api;
        this.delivery = delivery;
        this.deadLetters = deadLetters;
    }

    @ManagedAttribute(description = "Open dead letters (not replayed yet), all targets")
    public long getOpenCount() {
        return deadLetters.openCount();
    }

    @ManagedOperation(description = "Open dead letters, oldest first, one line each: id target key quantity failedAt error")
    @ManagedOperationParameter(name = "target", description = "System (bol) or target account (bol/omnihub-outdoor); empty: all")
    @ManagedOperationParameter(name = "key", description = "SKU, or sku@location; empty: all")
    @ManagedOperationParameter(name = "since", description = "Failed at or after, e.g. 2026-11-23T10:00:00Z; empty: any time")
    public String[] list(String target, String key, String since) {
        return call(() -> api.list(target, key, since, "OPEN").stream()
                .map(d -> d.id() + " " + d.target() + " " + d.key() + " " + d.quantity() + " " + d.failedAt() + " " + d.error())
                .toArray(String[]::new));
    }

    @ManagedOperation(description = "One dead letter in full: change, last request, error, attempts, status")
    @ManagedOperationParameter(name = "id", description = "Dead letter id")
    public String show(long id) {
        return call(() -> api.get(Long.toString(id)).toString());
    }

    @ManagedOperation(description = "Send one dead letter's change again; answers what became of it")
    @ManagedOperationParameter(name = "id", description = "Dead letter id")
    public String replay(long id) {
        try {
            OutboundDelivery.Replay replay = delivery.replay(id);
            return replay.status() + ": " + replay.detail();
        } catch (NoSuchElementException | IllegalStateException e) {
            return "not replayed: " + e.getMessage();
        }
    }

    @ManagedOperation(description = "Send again every open dead letter of a target (and key, when given); answers a summary")
    @ManagedOperationParameter(name = "target", description = "System (bol) or target account (bol/omnihub-outdoor)")
    @ManagedOperationParameter(name = "key", description = "SKU, or sku@location; empty: every key")
    public String replayAll(String target, String key) {
        return call(() -> {
            List<OutboundDelivery.Replay> replays = api.replayAllReplays(target, key, null);
            long sent = replays.stream().filter(r -> "REPLAYED".equals(r.status())).count();
            return sent + " of " + replays.size() + " sent again; " + replays;
        });
    }

    /** A refusal (bad parameter, unknown id) comes back as text: Hawtio shows it instead of a stack trace. */
    private static <T> T call(java.util.function.Supplier<T> operation) {
        try {
            return operation.get();
        } catch (RejectedInputException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }
}
