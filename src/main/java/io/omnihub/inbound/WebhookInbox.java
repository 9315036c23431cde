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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.api.JsonBodies;
import io.omnihub.api.RejectedInputException;
import io.omnihub.correlation.CorrelationIds;

/**
 * What the webhook door ({@link WebhookServlet}) does with a request: checks the account and the
 * signature, reads the platform's event id, and stores the raw body before the platform hears 200.
 * A second delivery of the same event finds the row (unique key) and changes nothing. Processing
 * happens afterwards ({@link WebhookProcessing}): the row is stored already claimed and handed over
 * when processing in this hub can take it, else stored RECEIVED and hinted ({@link InboxHandOff}).
 */
@Component("webhookInbox")
public class WebhookInbox {

    /** The inbox row's unique key, handed to processing. */
    public record Key(String system, String account, String eventId) {
    }

    /** The answer to the platform: status {@code accepted}, or {@code duplicate} when the event id was stored before. */
    public record Receipt(String status, String eventId, String correlationId) {
    }

    private final Map<String, WebhookScheme> schemes;
    private final Map<String, WebhookProperties.Account> accounts;
    private final InboxWriter writer;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final InboxHandOff handOff;
    private final Clock clock = Clock.systemUTC();

    public WebhookInbox(List<WebhookScheme> schemes, WebhookProperties properties, InboxWriter writer, JdbcTemplate jdbc,
            ObjectMapper json, InboxHandOff handOff) {
        this.schemes = schemes.stream().collect(Collectors.toMap(WebhookScheme::system, Function.identity()));
        this.accounts = properties.accounts().stream().collect(Collectors.toMap(a -> a.system() + "/" + a.account(), a -> a));
        this.writer = writer;
        this.jdbc = jdbc;
        this.json = json;
        this.handOff = handOff;
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
        boolean claimed = handOff.takesRows();
        boolean inserted = writer.insert(new InboxWriter.NewRow(system, accountName, eventId, topic, correlationId,
                occurredAt, clock.instant(), keptHeaders(headers, scheme), text, claimed));
        if (!inserted) {
            correlationId = jdbc.queryForObject(
                    "SELECT correlation_id FROM webhook_inbox WHERE system = ? AND account = ? AND event_id = ?",
                    String.class, system, accountName, eventId);
            return new Receipt("duplicate", eventId, correlationId);
        }
        if (claimed) {
            handOff.handOver(new WebhookProcessing.Row(system, accountName, eventId, topic, correlationId, occurredAt, text, 1));
        } else {
            handOff.hint(new Key(system, accountName, eventId));
        }
        return new Receipt("accepted", eventId, correlationId);
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
