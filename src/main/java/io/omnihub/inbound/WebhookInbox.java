package io.omnihub.inbound;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.api.JsonBodies;
import io.omnihub.api.RejectedInputException;
import io.omnihub.correlation.CorrelationIds;

/**
 * The door for platform webhooks ({@code POST /webhooks/<system>/<account>}): checks the account,
 * size and signature, reads the platform's event id, and stores the raw body before the platform
 * hears 200. A second delivery of the same event finds the row (unique key) and changes nothing.
 * Processing happens afterwards, from the table ({@link WebhookProcessing}).
 */
@Component("webhookInbox")
public class WebhookInbox {

    /** The inbox row's unique key, handed to processing. */
    public record Key(String system, String account, String eventId) {
    }

    private final Map<String, WebhookScheme> schemes;
    private final Map<String, WebhookProperties.Account> accounts;
    private final InboxWriter writer;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final long maxBodyBytes;

    public WebhookInbox(List<WebhookScheme> schemes, WebhookProperties properties, InboxWriter writer, JdbcTemplate jdbc,
            ObjectMapper json) {
        this.schemes = schemes.stream().collect(Collectors.toMap(WebhookScheme::system, Function.identity()));
        this.accounts = properties.accounts().stream().collect(Collectors.toMap(a -> a.system() + "/" + a.account(), a -> a));
        this.writer = writer;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = Clock.systemUTC();
        this.maxBodyBytes = properties.maxBodySize().toBytes();
    }

    /** Verifies and stores one webhook; the body becomes its {@link Key}, the reply is in the exchange property {@code receipt}. */
    public void receive(Exchange exchange) {
        Message in = exchange.getMessage();
        String system = in.getHeader("system", String.class);
        String accountName = in.getHeader("account", String.class);
        WebhookScheme scheme = schemes.get(system);
        if (scheme == null) {
            throw new RejectedInputException(404, "Unknown webhook system '" + system + "'; known: " + schemes.keySet());
        }
        WebhookProperties.Account account = accounts.get(system + "/" + accountName);
        if (account == null) {
            throw new RejectedInputException(404, "Unknown " + system + " account '" + accountName
                    + "' (omnihub.webhooks.accounts)");
        }
        byte[] body = JsonBodies.bytes(in, maxBodyBytes, "omnihub.webhooks.max-body-size");
        scheme.verify(in, body, account);
        JsonNode payload = JsonBodies.object(body);
        String eventId = scheme.eventId(in, payload);
        String topic = scheme.topic(in, payload);
        Instant occurredAt = scheme.occurredAt(in, payload);

        String correlationId = UUID.randomUUID().toString();
        boolean duplicate = !writer.insert(new InboxWriter.NewRow(system, accountName, eventId, topic, correlationId,
                occurredAt, clock.instant(), keptHeaders(in, scheme), new String(body, java.nio.charset.StandardCharsets.UTF_8)));
        if (duplicate) {
            correlationId = jdbc.queryForObject(
                    "SELECT correlation_id FROM webhook_inbox WHERE system = ? AND account = ? AND event_id = ?",
                    String.class, system, accountName, eventId);
        }
        CorrelationIds.use(exchange, correlationId);
        Map<String, String> receipt = new LinkedHashMap<>();
        receipt.put("status", duplicate ? "duplicate" : "accepted");
        receipt.put("eventId", eventId);
        receipt.put("correlationId", correlationId);
        exchange.setProperty("receipt", receipt);
        exchange.setProperty("webhookDuplicate", duplicate);
        in.setBody(new Key(system, accountName, eventId));
    }

    private String keptHeaders(Message in, WebhookScheme scheme) {
        ObjectNode headers = json.createObjectNode();
        for (String name : scheme.keptHeaders()) {
            String value = in.getHeader(name, String.class);
            if (value != null) {
                headers.put(name, value);
            }
        }
        return headers.toString();
    }
}
