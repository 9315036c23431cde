package io.omnihub.inbound.bol;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.correlation.CorrelationIds;
import io.omnihub.event.CloudEvents;
import io.omnihub.inbound.PollWatermarks;
import io.omnihub.inbound.PollWatermarks.Watermark;
import io.omnihub.mapping.MappingException;
import io.omnihub.mapping.Mappings;
import io.omnihub.outbound.OutboundProperties;
import io.omnihub.outbound.bol.BolOrdersClient;
import io.omnihub.outbound.spi.ClientSupport;

/**
 * The hub's side of routes/bol-orders-poll.camel.yaml for the retailer account of
 * {@code omnihub.outbound.bol}. {@link #newOrders} lists the open orders page by page and keeps those
 * beyond the watermark, oldest first; for each, {@link #prepare} reads the order in full and maps it
 * (or finds it published before, or keeps the mapping's reason), the flow publishes it, and
 * {@link #record} stores the outcome in {@code polled_record} and only then moves the watermark past
 * the order. A crash in between reads the order again at the next poll, and its deterministic event
 * id (bol order id and version) makes the second event a duplicate that consumers apply once.
 *
 * <p>A taken order that bol still has open is tracked ({@link BolOpenOrders}): {@link #newOrders}
 * also picks the tracked orders bol's list shows changed or no longer lists (cancelled, shipped), and
 * {@link #prepareReread} / {@link #recordReread} read, map and publish each like a new one, so a
 * cancellation becomes a new version of the order (status cancelled, or fewer units) and a shipment
 * one (completed once all is shipped), each of which frees what the order no longer holds.
 */
@Component("bolOrderPoll")
@ConditionalOnProperty(prefix = "omnihub.bol.orders", name = "enabled", havingValue = "true")
public class BolOrderPoll {

    /** What became of one order read. */
    public enum Outcome { PUBLISHED, DUPLICATE, ERROR }

    /** An order the list showed beyond the watermark. */
    public record ListedOrder(String orderId, Instant placedAt) {
    }

    /** An earlier read of the same version. */
    record Previous(long id, Outcome outcome) {
    }

    /**
     * The decision for one order read; version counts the units bol shipped or cancelled, so each
     * cancellation or shipment is a new version (bol only ever adds such units, so equal counts are
     * equal contents); items as read, null when the read was refused.
     */
    record Handoff(ListedOrder order, int version, String correlationId, String eventId, Outcome outcome, String reason,
            String entityId, String body, Previous previous, List<BolOpenOrders.ItemSeen> items) {
    }

    /** Exchange properties the flow reads: whether to publish, and the mapping of the orders. */
    static final String PUBLISH = "bolOrderPublish";
    static final String MAPPING = "pollMapping";
    /** Exchange property with the tracked orders to read again in this poll, for the flow's second split. */
    static final String REREAD = "bolOrdersToReread";
    private static final String HANDOFF = "bolOrderHandoff";
    private static final int MAX_REASON = 2000;
    /** How often a read waiting for bol.com looks whether the hub is stopping. */
    private static final Duration SHUTDOWN_CHECK = Duration.ofMillis(200);

    private static final Logger log = LoggerFactory.getLogger(BolOrderPoll.class);

    private final BolOrdersProperties properties;
    private final BolOrdersClient client;
    private final PollWatermarks watermarks;
    private final BolOpenOrders openOrders;
    private final Mappings mappings;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final String listing;
    private final String source;
    private final Clock clock = Clock.systemUTC();

    public BolOrderPoll(BolOrdersProperties properties, OutboundProperties outbound, ClientSupport support,
            PollWatermarks watermarks, BolOpenOrders openOrders, Mappings mappings, JdbcTemplate jdbc, ObjectMapper json,
            MeterRegistry meters) {
        this.properties = properties;
        this.client = new BolOrdersClient(outbound.bol(), support, properties.listLimit(), properties.listWindow(),
                properties.orderLimit(), properties.orderWindow());
        this.watermarks = watermarks;
        this.openOrders = openOrders;
        this.mappings = mappings;
        this.jdbc = jdbc;
        this.json = json;
        this.meters = meters;
        this.listing = "bol/" + outbound.bol().account() + "/orders";
        this.source = "/omnihub/bol/" + outbound.bol().account() + "/orders";
    }

    /** The listing's name in poll_watermark and polled_record, e.g. {@code bol/omnihub-outdoor/orders}. */
    public String listing() {
        return listing;
    }

    /**
     * All open orders beyond the watermark, oldest first (then by id). bol lists a page at a time;
     * a page shorter than the page size is the last. A listed order without id or readable time
     * cannot be placed against the watermark and is left out with a warning; bol lists it again.
     * Sets {@value #REREAD}: the tracked orders the list shows changed or no longer lists, at most
     * {@code reread-limit} of them.
     */
    public List<ListedOrder> newOrders(Exchange exchange) {
        Watermark mark = watermarks.read(listing);
        List<ListedOrder> fresh = new ArrayList<>();
        Map<String, JsonNode> listed = new HashMap<>();
        for (int page = 1; ; page++) {
            BolOrdersClient.Reply reply = answer(exchange, client.orders(page, properties.fulfilmentMethod(), "OPEN"));
            if (reply.status() == 404) {
                break; // some bol clients report an empty list so
            }
            if (reply.status() != 200) {
                throw new IllegalStateException("bol.com refused the order list (page " + page + "): " + reply.problem());
            }
            JsonNode orders = reply.body().path("orders");
            for (JsonNode order : orders) {
                listed.put(order.path("orderId").asText(""), order);
                listed(order).filter(o -> mark.isNew(o.placedAt(), o.orderId())).ifPresent(fresh::add);
            }
            if (orders.size() < properties.pageSize()) {
                break;
            }
        }
        fresh.sort(Comparator.comparing(ListedOrder::placedAt).thenComparing(ListedOrder::orderId));
        if (!fresh.isEmpty()) {
            log.info("{} new bol.com order(s) in {} beyond {}", fresh.size(), listing, mark.at());
        }
        List<ListedOrder> again = openOrders.toReread(listing, listed, properties.rereadLimit());
        if (!again.isEmpty()) {
            log.info("{} taken bol.com order(s) in {} changed or left the open list, read again: {}", again.size(), listing,
                    again.stream().map(ListedOrder::orderId).toList());
        }
        exchange.setProperty(REREAD, again);
        return fresh;
    }

    /**
     * Reads the listed order (the body) in full and decides what it becomes; for an order to publish,
     * sets the body and the events sink's headers. A read bol refuses for good (404: the order is gone)
     * is kept as ERROR with bol's answer; one that could not be read at all fails the poll, which then
     * starts over from the watermark.
     */
    public void prepare(Exchange exchange) throws JsonProcessingException, InvalidPayloadException {
        ListedOrder listed = exchange.getMessage().getMandatoryBody(ListedOrder.class);
        BolOrdersClient.Reply reply = answer(exchange, client.order(listed.orderId()));
        Handoff handoff;
        if (reply.status() != 200) {
            // bol no longer shows the order (gone, or not yet readable): kept with bol's answer, unless published before
            Previous previous = previous(listed.orderId(), 0).orElse(null);
            handoff = handoff(listed, 0, previous, previous != null && previous.outcome() == Outcome.PUBLISHED
                    ? Outcome.DUPLICATE : Outcome.ERROR, "bol.com answered the order read " + reply.problem(), null,
                    reply.body().toString(), null);
        } else {
            handoff = map(exchange, listed, reply.body());
        }
        CorrelationIds.use(exchange, handoff.correlationId());
        exchange.setProperty(HANDOFF, handoff);
        exchange.setProperty(PUBLISH, handoff.outcome() == Outcome.PUBLISHED);
    }

    /**
     * A tracked order read again (the body): read, mapped and handed to the flow as {@link #prepare}
     * does. A read that fails (bol away after the retries, or refused) is noted on the tracked order,
     * which keeps what was read before, so the next poll reads it again; the others go on.
     */
    public void prepareReread(Exchange exchange) throws JsonProcessingException, InvalidPayloadException {
        ListedOrder tracked = exchange.getMessage().getMandatoryBody(ListedOrder.class);
        exchange.setProperty(PUBLISH, false);
        exchange.removeProperty(HANDOFF);
        BolOrdersClient.Reply reply;
        try {
            reply = answer(exchange, client.order(tracked.orderId()));
        } catch (RuntimeException e) {
            if (stopping(exchange)) {
                throw e;
            }
            failedReread(tracked, "bol.com could not be read: " + e.getMessage());
            return;
        }
        if (reply.status() != 200) {
            failedReread(tracked, "bol.com answered the order read " + reply.problem());
            return;
        }
        Handoff handoff = map(exchange, tracked, reply.body());
        CorrelationIds.use(exchange, handoff.correlationId());
        exchange.setProperty(HANDOFF, handoff);
        exchange.setProperty(PUBLISH, handoff.outcome() == Outcome.PUBLISHED);
    }

    /**
     * Stores what became of an order read again, then tracks it as read (or forgets it once final);
     * a version that did not map stays to be read again, with the mapping's reason.
     */
    public void recordReread(Exchange exchange) {
        Handoff handoff = exchange.getProperty(HANDOFF, Handoff.class);
        if (handoff == null) {
            return; // the read failed and was noted
        }
        store(handoff, "omnihub.bol.orders.rereads");
        if (handoff.outcome() == Outcome.ERROR) {
            openOrders.failed(listing, handoff.order().orderId(), handoff.reason());
        } else {
            openOrders.remember(listing, handoff.order(), handoff.version(), handoff.items());
        }
    }

    private void failedReread(ListedOrder tracked, String reason) {
        openOrders.failed(listing, tracked.orderId(), reason);
        log.warn("bol.com order {} not read again, kept for the next poll: {}", tracked.orderId(), reason);
        meters.counter("omnihub.bol.orders.rereads", "outcome", "failed").increment();
    }

    private Handoff map(Exchange exchange, ListedOrder listed, JsonNode order) throws JsonProcessingException {
        int version = handledUnits(order);
        String body = order.toString();
        List<BolOpenOrders.ItemSeen> items = BolOpenOrders.items(order);
        Previous previous = previous(listed.orderId(), version).orElse(null);
        if (previous != null && previous.outcome() == Outcome.PUBLISHED) {
            return handoff(listed, version, previous, Outcome.DUPLICATE, null, null, body, items);
        }
        String mapping = exchange.getProperty(MAPPING, String.class);
        JsonNode record;
        try {
            List<JsonNode> records = mappings.toCanonical(mapping, order, "bol order " + listed.orderId());
            if (records.size() != 1) {
                return handoff(listed, version, previous, Outcome.ERROR, "The mapping " + mapping + " made " + records.size()
                        + " records of the order; a bol order is one canonical order", null, body, items);
            }
            record = records.get(0);
        } catch (MappingException e) {
            return handoff(listed, version, previous, Outcome.ERROR, e.getMessage(), null, body, items);
        }
        Handoff handoff = handoff(listed, version, previous, Outcome.PUBLISHED, null, record.path("id").asText(), body, items);
        Message message = exchange.getMessage();
        message.setHeader(CloudEvents.ENTITY, mappings.canonicalEntity(mapping));
        message.setHeader(CloudEvents.KEY, handoff.entityId());
        message.setHeader(CloudEvents.SOURCE, source);
        message.setHeader(CloudEvents.EVENT_ID, handoff.eventId());
        message.setBody(json.writeValueAsBytes(record));
        return handoff;
    }

    /**
     * Stores what became of the order (after its event, if any, was handed to Kafka), tracks it while
     * bol has it open, then moves the watermark past it.
     */
    public void record(Exchange exchange) {
        Handoff handoff = exchange.getProperty(HANDOFF, Handoff.class);
        store(handoff, "omnihub.bol.orders");
        if (handoff.outcome() != Outcome.ERROR && handoff.items() != null) {
            openOrders.remember(listing, handoff.order(), handoff.version(), handoff.items());
        }
        watermarks.take(listing, handoff.order().placedAt(), handoff.order().orderId());
    }

    /** Stores the outcome of a read in polled_record: a new version, one read before, or one that failed before. */
    private void store(Handoff handoff, String meter) {
        ListedOrder order = handoff.order();
        Timestamp now = Timestamp.from(clock.instant());
        if (handoff.previous() == null) {
            jdbc.update("""
                    INSERT INTO polled_record (listing, record_id, record_version, occurred_at, correlation_id, outcome, reason,
                                               entity, entity_id, event_id, body, first_seen_at, last_seen_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'order', ?, ?, ?, ?, ?)""",
                    listing, order.orderId(), handoff.version(), Timestamp.from(order.placedAt()), handoff.correlationId(),
                    handoff.outcome().name(), truncate(handoff.reason()), handoff.entityId(),
                    handoff.outcome() == Outcome.PUBLISHED ? handoff.eventId() : null, handoff.body(), now, now);
        } else if (handoff.outcome() == Outcome.DUPLICATE) {
            jdbc.update("UPDATE polled_record SET deliveries = deliveries + 1, last_seen_at = ? WHERE id = ?",
                    now, handoff.previous().id());
        } else {
            // this version failed before and was read again (the watermark set back after a fix): its outcome now
            jdbc.update("""
                    UPDATE polled_record SET outcome = ?, reason = ?, entity_id = ?, event_id = ?, body = ?,
                                             deliveries = deliveries + 1, last_seen_at = ?
                    WHERE id = ?""",
                    handoff.outcome().name(), truncate(handoff.reason()), handoff.entityId(),
                    handoff.outcome() == Outcome.PUBLISHED ? handoff.eventId() : null, handoff.body(), now,
                    handoff.previous().id());
        }
        if (handoff.outcome() == Outcome.ERROR) {
            log.warn("bol.com order {} not published: {}", order.orderId(), handoff.reason());
        } else {
            log.info("bol.com order {} version {}: {}", order.orderId(), handoff.version(), handoff.outcome());
        }
        meters.counter(meter, "outcome", handoff.outcome().name().toLowerCase(Locale.ROOT)).increment();
    }

    private Handoff handoff(ListedOrder order, int version, Previous previous, Outcome outcome, String reason, String entityId,
            String body, List<BolOpenOrders.ItemSeen> items) {
        String name = source + "/" + order.orderId() + "/" + version;
        return new Handoff(order, version, uuid(name), uuid(name + "#event"), outcome, reason, entityId, body, previous, items);
    }

    /** The stored read of this version of the order, if any. */
    private Optional<Previous> previous(String orderId, int version) {
        return jdbc.query("SELECT id, outcome FROM polled_record WHERE listing = ? AND record_id = ? AND record_version = ?",
                (rs, n) -> new Previous(rs.getLong(1), Outcome.valueOf(rs.getString(2))), listing, orderId, version)
                .stream().findFirst();
    }

    private static int handledUnits(JsonNode order) {
        int handled = 0;
        for (JsonNode item : order.path("orderItems")) {
            handled += item.path("quantityCancelled").asInt(0) + item.path("quantityShipped").asInt(0);
        }
        return handled;
    }

    private Optional<ListedOrder> listed(JsonNode order) {
        String orderId = order.path("orderId").asText("");
        String placed = order.path("orderPlacedDateTime").asText("");
        try {
            if (!orderId.isEmpty()) {
                return Optional.of(new ListedOrder(orderId, OffsetDateTime.parse(placed).toInstant()));
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        log.warn("bol.com listed an order without id or readable orderPlacedDateTime, left out: orderId '{}', "
                + "orderPlacedDateTime '{}'", orderId, placed);
        return Optional.empty();
    }

    /**
     * Waits for a read; the client has already retried and waited out throttling, so a failure here is
     * final for this poll. A read still waiting for its turn when the hub stops is given up, so the stop
     * does not wait on bol.com's rate limit; the next start polls again from the watermark. The same
     * when only the poll's route is stopped.
     */
    private static BolOrdersClient.Reply answer(Exchange exchange, CompletableFuture<BolOrdersClient.Reply> reply) {
        try {
            while (true) {
                try {
                    return reply.get(SHUTDOWN_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (stopping(exchange)) {
                        reply.cancel(false);
                        throw new IllegalStateException("The hub or the bol-orders-poll route is stopping: this bol.com poll"
                                + " is given up and starts again from the watermark at the next start");
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for bol.com", e);
        }
    }

    /** The hub, or the poll's own route (an operator in Hawtio, a test), is being stopped. */
    private static boolean stopping(Exchange exchange) {
        var route = exchange.getContext().getRouteController().getRouteStatus(exchange.getFromRouteId());
        return exchange.getContext().isStopping() || exchange.getContext().isStopped()
                || (route != null && (route.isStopping() || route.isStopped()));
    }

    private static String uuid(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
    }
}
