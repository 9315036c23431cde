package io.omnihub.inbound;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.seda.SedaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.api.JsonBodies;
import io.omnihub.api.RejectedInputException;
import io.omnihub.correlation.CorrelationIds;

/**
 * What the webhook door ({@link WebhookServlet}) does with a request: checks the account and the
 * signature, reads the platform's event id, and stores the raw body before the platform hears 200.
 * A second delivery of the same event finds the row (unique key) and changes nothing. Processing
 * happens afterwards ({@link WebhookProcessing}): when processing runs in this hub and its queue has
 * room, the row is stored already claimed for it (PROCESSING, leased like any claim) and handed over
 * as it is, so processing neither claims it nor reads it back; otherwise the row is stored RECEIVED
 * and processing gets a hint, or the sweep finds it. A handed-over row lost with the process (a
 * crash, a stop) is taken up again by the sweep once its lease has run out.
 */
@Component("webhookInbox")
public class WebhookInbox {

    /** The inbox row's unique key, handed to processing. */
    public record Key(String system, String account, String eventId) {
    }

    /** The answer to the platform: status {@code accepted}, or {@code duplicate} when the event id was stored before. */
    public record Receipt(String status, String eventId, String correlationId) {
    }

    // never blocks the door: a row or key the queue cannot take is left to the sweep
    private static final String PROCESSING_HINT = "seda:webhook-inbox?discardWhenFull=true&waitForTaskToComplete=Never";
    private static final String PROCESSING_ROUTE = "webhook-inbox-process";
    // a row is stored claimed only while the queue has this much room, so rows racing for its last
    // places are rarely discarded (a discarded claimed row waits out its lease)
    private static final int HAND_OFF_HEADROOM = 64;
    private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

    private final Map<String, WebhookScheme> schemes;
    private final Map<String, WebhookProperties.Account> accounts;
    private final InboxWriter writer;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ProducerTemplate hints;
    private final CamelContext camel;
    private final Clock clock = Clock.systemUTC();
    private volatile SedaEndpoint handOff;

    public WebhookInbox(List<WebhookScheme> schemes, WebhookProperties properties, InboxWriter writer, JdbcTemplate jdbc,
            ObjectMapper json, ProducerTemplate hints, CamelContext camel) {
        this.schemes = schemes.stream().collect(Collectors.toMap(WebhookScheme::system, Function.identity()));
        this.accounts = properties.accounts().stream().collect(Collectors.toMap(a -> a.system() + "/" + a.account(), a -> a));
        this.writer = writer;
        this.jdbc = jdbc;
        this.json = json;
        this.hints = hints;
        this.camel = camel;
    }

    /** Refuses, with a 404 naming it, a system or account the hub does not know; before the body is read. */
    WebhookScheme scheme(String system, String accountName) {
        WebhookScheme scheme = schemes.get(system);
        if (scheme == null) {
            throw new RejectedInputException(404, "Unknown webhook system '" + system + "'; known: " + schemes.keySet());
        }
        if (!accounts.containsKey(system + "/" + accountName)) {
            throw new RejectedInputException(404, "Unknown " + system + " account '" + accountName
                    + "' (omnihub.webhooks.accounts)");
        }
        return scheme;
    }

    /** Verifies and stores one webhook (returns once it is committed), then hands it to processing if it is new. */
    public Receipt receive(String system, String accountName, WebhookScheme.RequestHeaders headers, byte[] body) {
        WebhookScheme scheme = scheme(system, accountName);
        scheme.verify(headers, body, accounts.get(system + "/" + accountName));
        JsonNode payload = JsonBodies.object(body);
        String eventId = scheme.eventId(headers, payload);
        String topic = scheme.topic(headers, payload);
        Instant occurredAt = scheme.occurredAt(headers, payload);

        String correlationId = CorrelationIds.newId();
        String text = new String(body, StandardCharsets.UTF_8);
        boolean claimed = processingTakesRows();
        boolean inserted = writer.insert(new InboxWriter.NewRow(system, accountName, eventId, topic, correlationId,
                occurredAt, clock.instant(), keptHeaders(headers, scheme), text, claimed));
        if (!inserted) {
            correlationId = jdbc.queryForObject(
                    "SELECT correlation_id FROM webhook_inbox WHERE system = ? AND account = ? AND event_id = ?",
                    String.class, system, accountName, eventId);
            return new Receipt("duplicate", eventId, correlationId);
        }
        try {
            hints.sendBody(PROCESSING_HINT, claimed
                    ? new WebhookProcessing.Row(system, accountName, eventId, topic, correlationId, occurredAt, text, 1)
                    : new Key(system, accountName, eventId));
        } catch (RuntimeException notRunning) {
            log.debug("No processing hint for a stored webhook; the sweep will pick it up", notRunning);
        }
        return new Receipt("accepted", eventId, correlationId);
    }

    /** Processing's route runs here and its queue has room to spare. */
    private boolean processingTakesRows() {
        ServiceStatus route = camel.getRouteController().getRouteStatus(PROCESSING_ROUTE);
        if (route == null || !route.isStarted()) {
            return false;
        }
        if (handOff == null) {
            handOff = camel.getEndpoint(PROCESSING_HINT, SedaEndpoint.class);
        }
        return handOff.getQueue().remainingCapacity() > HAND_OFF_HEADROOM;
    }

    private String keptHeaders(WebhookScheme.RequestHeaders headers, WebhookScheme scheme) {
        ObjectNode kept = json.createObjectNode();
        for (String name : scheme.keptHeaders()) {
            String value = headers.get(name);
            if (value != null) {
                kept.put(name, value);
            }
        }
        return kept.toString();
    }
}
