package io.omnihub.outbound;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import io.omnihub.canonical.CanonicalSchemas;
import io.omnihub.canonical.SchemaViolation;
import io.omnihub.correlation.CorrelationIds;
import io.omnihub.event.CloudEvents;
import io.omnihub.event.EventBatches;
import io.omnihub.outbound.DeliveryPositions.Submitted;
import io.omnihub.outbound.spi.Target;

/**
 * Where availability changes enter outbound delivery: from Java ({@link #submit}) and from the
 * canonical topic omnihub.availability.v1 (routes/outbound-&lt;target&gt;.camel.yaml call
 * {@link #acceptAvailability} a Kafka poll at a time). A change is stored as its key's wanted value
 * before anything else (so an acknowledged Kafka offset never loses it); the target's dispatcher sends it with the next
 * window's batch, unless the target has it already.
 */
@Component("outboundDelivery")
public class OutboundDelivery {

    /** Exchange property set by an outbound route: the target system it delivers to, e.g. shopify. */
    public static final String TARGET = "omnihubOutboundTarget";

    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,63}");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a replay did with a dead letter: its new status, and why. */
    public record Replay(long deadLetterId, String status, String detail) {
    }

    private final OutboundTargets targets;
    private final DeliveryPositions positions;
    private final DeadLetters deadLetters;
    private final CanonicalSchemas schemas;
    private final EventBatches eventBatches;

    public OutboundDelivery(OutboundTargets targets, DeliveryPositions positions, DeadLetters deadLetters,
            CanonicalSchemas schemas, EventBatches eventBatches) {
        this.targets = targets;
        this.positions = positions;
        this.deadLetters = deadLetters;
        this.schemas = schemas;
        this.eventBatches = eventBatches;
    }

    /** A target this hub delivers to, by system (shopify) or account id (shopify/omnihub-outdoor). */
    public Target target(String name) {
        return targets.target(name).orElseThrow(() -> new IllegalArgumentException("No outbound target '" + name
                + "'; delivering to " + targets.targets() + " (a target without base URL is off)"));
    }

    /** Queues one change; refuses one that cannot be delivered as it is, naming what is wrong. */
    public Submitted submit(AvailabilityChange change) {
        String problem = problem(change);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return positions.submit(change.target(), change);
    }

    /**
     * A batch of canonical availability events for the route's target ({@value #TARGET}): the body is
     * the list of exchanges omnihub-events-batch-source opened. A record that is no valid
     * availability, or does not fit the target (a location where it holds one figure per SKU, none
     * where it holds one per location), is marked {@value CloudEvents#INVALID_EVENT} with the reason,
     * for the route to park; a record of another channel is not this target's and is left alone. The
     * rest are stored as their keys' wanted values in one transaction, the newest of a key winning
     * ({@link DeliveryPositions#submitAll}); if that fails, they are stored one by one and one that
     * fails alone is parked ({@link EventBatches}).
     */
    public void acceptAvailability(Exchange batch) {
        Target target = targets.target(batch.getProperty(TARGET, String.class)).orElse(null);
        if (target == null) {
            // this hub does not deliver there (no base URL): the route's records are not its business
            return;
        }
        List<Accepted> accepted = new ArrayList<>();
        for (Object item : batch.getMessage().getBody(List.class)) {
            Exchange record = (Exchange) item;
            AvailabilityChange change = change(target, record);
            if (change != null) {
                accepted.add(new Accepted(change, record));
            }
        }
        if (!accepted.isEmpty()) {
            eventBatches.apply(accepted, Accepted::record,
                    changes -> positions.submitAll(target, changes.stream().map(Accepted::change).toList()));
        }
    }

    /** A record of the batch and the change it asks for. */
    private record Accepted(AvailabilityChange change, Exchange record) {
    }

    /** The record's change for the target; null for another channel's record and for one marked invalid. */
    private AvailabilityChange change(Target target, Exchange exchange) {
        JsonNode record;
        try {
            record = JSON.readTree(exchange.getMessage().getBody(byte[].class));
        } catch (IOException e) {
            exchange.setProperty(CloudEvents.INVALID_EVENT, "Not JSON: " + e.getMessage());
            return null;
        }
        List<SchemaViolation> violations = record == null ? List.of() : schemas.validate("availability", record);
        if (record == null || !violations.isEmpty()) {
            exchange.setProperty(CloudEvents.INVALID_EVENT, "Not a valid availability record (availability.schema.json): "
                    + (record == null ? "empty" : violations));
            return null;
        }
        if (!target.channel().equals(record.path("channel").asText())) {
            return null;
        }
        var change = new AvailabilityChange(target, record.path("sku").asText(),
                record.hasNonNull("locationId") ? record.path("locationId").asText() : null,
                record.path("available").asInt(), CorrelationIds.of(exchange),
                OffsetDateTime.parse(record.path("computedAt").asText()).toInstant());
        String problem = problem(change);
        if (problem != null) {
            exchange.setProperty(CloudEvents.INVALID_EVENT, "availability " + record.path("id").asText() + ": " + problem);
            return null;
        }
        return change;
    }

    /**
     * Sends a dead letter's change again, the way any change goes: as its key's wanted value, through
     * the target's governor, batches and idempotency. It is not sent when a newer change of the key
     * came meanwhile (SUPERSEDED) or the target holds the value already (UNCHANGED).
     *
     * @throws NoSuchElementException when there is no such dead letter
     * @throws IllegalStateException when it was replayed already, or its target is off
     */
    public Replay replay(long deadLetterId) {
        DeadLetters.DeadLetter letter = deadLetters.find(deadLetterId).orElseThrow(() ->
                new NoSuchElementException("No dead letter " + deadLetterId));
        if (!DeadLetters.OPEN.equals(letter.status())) {
            throw new IllegalStateException("Dead letter " + deadLetterId + " is " + letter.status() + " already (at "
                    + letter.replayedAt() + ")");
        }
        Target target = targets.target(letter.target()).orElseThrow(() -> new IllegalStateException("Dead letter "
                + deadLetterId + " is for " + letter.target() + ", which this hub does not deliver to now"));
        var change = new AvailabilityChange(target, letter.sku(), letter.locationId().isEmpty() ? null : letter.locationId(),
                letter.quantity(), letter.correlationId(), letter.eventTime());
        Submitted submitted = positions.submit(target, change);
        String status = switch (submitted) {
            case QUEUED -> "REPLAYED";
            case UNCHANGED -> "UNCHANGED";
            case STALE -> "SUPERSEDED";
        };
        if (!deadLetters.close(deadLetterId, status)) {
            throw new IllegalStateException("Dead letter " + deadLetterId + " was replayed by someone else meanwhile");
        }
        return new Replay(deadLetterId, status, switch (submitted) {
            case QUEUED -> "sent again with " + target + "'s next batch";
            case UNCHANGED -> target + " holds " + letter.quantity() + " for " + letter.key() + " already";
            case STALE -> "a newer change of " + letter.key() + " came after it";
        });
    }

    /** Replays the open dead letters the filter selects (its status is ignored), oldest first, at most {@code limit}. */
    public List<Replay> replay(DeadLetters.Filter filter, int limit) {
        var open = new DeadLetters.Filter(filter.target(), filter.key(), filter.since(), DeadLetters.OPEN);
        List<Replay> replays = new ArrayList<>();
        for (DeadLetters.DeadLetter letter : deadLetters.list(open, limit)) {
            try {
                replays.add(replay(letter.id()));
            } catch (IllegalStateException e) {
                replays.add(new Replay(letter.id(), "OPEN", e.getMessage()));
            }
        }
        return replays;
    }

    private String problem(AvailabilityChange change) {
        if (change.target() == null || targets.target(change.target().id()).isEmpty()) {
            return "No outbound target " + change.target() + "; delivering to " + targets.targets();
        }
        if (change.sku() == null || !SKU.matcher(change.sku()).matches()) {
            return "sku '" + change.sku() + "' is not a SKU (1-64 letters, digits, . _ / -)";
        }
        if (change.quantity() < 0) {
            return "available " + change.quantity() + " for " + change.sku() + " is negative; a channel is never told less than 0";
        }
        if (change.correlationId() == null || change.correlationId().isBlank() || change.correlationId().length() > 64) {
            return "correlation id is missing or longer than 64 characters";
        }
        if (change.eventTime() == null) {
            return "event time (computedAt) is missing";
        }
        boolean perLocation = targets.client(change.target()).keyedByLocation();
        if (perLocation && (change.locationId() == null || change.locationId().isBlank())) {
            return change.target().system() + " holds stock per location: availability of " + change.sku()
                    + " for " + change.target().channel() + " needs a locationId";
        }
        if (!perLocation && change.locationId() != null) {
            return change.target().system() + " holds one figure per SKU: availability of " + change.sku() + " for "
                    + change.target().channel() + " must not name a location (" + change.locationId() + ")";
        }
        return null;
    }

}
