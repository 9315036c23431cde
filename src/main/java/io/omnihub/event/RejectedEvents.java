package io.omnihub.event;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.omnihub.correlation.CorrelationIds;

/**
 * Parks a consumed record that can never succeed, with the reason, so its partition goes on.
 * Stored, not logged: the reason and payload may hold personal data.
 */
@Component("rejectedEvents")
public class RejectedEvents {

    /** Exchange property: the consumer group that read the record (set by the omnihub-events-source Kamelet). */
    public static final String CONSUMER_GROUP = "omnihubConsumerGroup";

    private static final Logger log = LoggerFactory.getLogger(RejectedEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;

    public RejectedEvents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Parks a record that failed on its own with {@code failure} (not named park: the error policies
     * call park by name from YAML, and Camel refuses an overloaded name as ambiguous).
     */
    public void parkFailed(Exchange exchange, Exception failure) {
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        try {
            park(exchange);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void park(Exchange exchange) throws JsonProcessingException {
        var message = exchange.getMessage();
        String reason = exchange.getProperty(CloudEvents.INVALID_EVENT, String.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (reason == null) {
            reason = failure == null ? "unknown" : failure.getClass().getName() + ": " + failure.getMessage();
        }
        String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
        int partition = message.getHeader(KafkaConstants.PARTITION, Integer.class);
        long offset = message.getHeader(KafkaConstants.OFFSET, Long.class);
        byte[] payload = message.getBody(byte[].class);
        jdbc.sql("""
                INSERT INTO rejected_event (consumer_group, topic, kafka_partition, kafka_offset, event_id,
                                            correlation_id, reason, headers, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT DO NOTHING""")
                .params(exchange.getProperty(CONSUMER_GROUP, "unknown", String.class),
                        topic, partition, offset,
                        exchange.getProperty(CloudEvents.EVENT_ID, String.class),
                        CorrelationIds.of(exchange), reason,
                        JSON.writeValueAsString(headers(message.getHeader(KafkaConstants.HEADERS, Headers.class))),
                        payload == null ? new byte[0] : payload)
                .update();
        log.warn("Parked record {}-{}@{} as rejected ({}); see table rejected_event", topic, partition, offset,
                failure == null ? "invalid event" : failure.getClass().getSimpleName());
    }

    /** Parks the batch's (the body's) exchanges that are no usable CloudEvent; the body keeps the others. */
    public void parkInvalid(Exchange batch) throws JsonProcessingException {
        List<Exchange> usable = new ArrayList<>();
        for (Object item : batch.getMessage().getBody(List.class)) {
            Exchange exchange = (Exchange) item;
            if (exchange.getProperty(CloudEvents.INVALID_EVENT) != null) {
                park(exchange);
            } else {
                usable.add(exchange);
            }
        }
        batch.getMessage().setBody(usable);
    }

    private static Map<String, String> headers(Headers headers) {
        Map<String, String> result = new LinkedHashMap<>();
        if (headers != null) {
            for (Header header : headers) {
                result.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return result;
    }
}
