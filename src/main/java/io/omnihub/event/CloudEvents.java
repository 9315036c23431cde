package io.omnihub.event;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import io.cloudevents.rw.CloudEventRWException;
import org.apache.camel.Exchange;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.stereotype.Component;

import io.omnihub.broker.EventTopics;
import io.omnihub.correlation.CorrelationIds;

/**
 * Wraps a record in a CloudEvents 1.0 envelope for Kafka (binary mode: {@code ce_*} headers,
 * the record as data) and opens it again on the consuming side. The wire format is written
 * and read by the CloudEvents SDK, so it stays exactly what other CloudEvents consumers expect.
 */
@Component("cloudEvents")
public class CloudEvents {

    /** Header (in) and exchange property (out): the canonical entity, e.g. {@code product}. */
    public static final String ENTITY = "omnihubEntity";
    /** Header (in) and exchange property (out): the record's id, used as Kafka key and CloudEvent subject. */
    public static final String KEY = "omnihubKey";
    /** Header (in) and exchange property (out on the consuming side): the CloudEvent source, i.e. the connector instance. */
    public static final String SOURCE = "omnihubEventSource";
    /**
     * Exchange property (out): the CloudEvent id. As a header (in) it sets the id, for producers that
     * derive it from the source's own event id so a re-publication after a crash is recognised.
     */
    public static final String EVENT_ID = "omnihubEventId";
    /** Exchange property (out on the consuming side): the event time. */
    public static final String EVENT_TIME = "omnihubEventTime";
    /** Exchange property (out on the consuming side): the CloudEvent type. */
    public static final String EVENT_TYPE = "omnihubEventType";

    /** Exchange property (out on the consuming side): why the record is not a usable event. */
    public static final String INVALID_EVENT = "omnihubInvalidEvent";

    static final String CORRELATION_EXTENSION = "correlationid";

    /**
     * Replaces the message headers by the event's {@code ce_*} headers, the Kafka key and topic.
     * Nothing else from the inbound transport (HTTP headers, say) reaches Kafka.
     */
    public void envelope(Exchange exchange) throws InvalidPayloadException {
        if (exchange.getMessage().getBody() instanceof List<?> batch) {
            // a batch: the Kafka producer sends each exchange of the list as its own record, then waits for all
            for (Object item : batch) {
                envelope((Exchange) item);
            }
            return;
        }
        Message message = exchange.getMessage();
        String entity = required(message, ENTITY);
        String key = required(message, KEY);
        String topic = EventTopics.topicFor(entity);
        CloudEvent event = CloudEventBuilder.v1()
                .withId(eventId(message))
                .withSource(URI.create(required(message, SOURCE)))
                .withType("io.omnihub." + entity + ".v1")
                .withSubject(key)
                .withTime(OffsetDateTime.now(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withExtension(CORRELATION_EXTENSION, CorrelationIds.of(exchange))
                .withData(message.getMandatoryBody(byte[].class))
                .build();
        ProducerRecord<String, byte[]> record = KafkaMessageFactory.<String>createWriter(topic, key).writeBinary(event);

        message.getHeaders().clear();
        for (Header header : record.headers()) {
            message.setHeader(header.key(), header.value());
        }
        message.setHeader(KafkaConstants.KEY, key);
        message.setHeader(KafkaConstants.OVERRIDE_TOPIC, topic);
        message.setBody(record.value());
        exchange.setProperty(ENTITY, entity);
        exchange.setProperty(KEY, key);
        exchange.setProperty(EVENT_ID, event.getId());
    }

    /**
     * Reads the CloudEvent from a consumed Kafka record (its headers and value) and exposes its
     * attributes as exchange properties; the body becomes the event data. A record that is not a
     * CloudEvent the hub can use is not thrown on (that would stop its partition): the reason is
     * set as {@value #INVALID_EVENT} and the body stays the raw value, for the Kamelet to park it.
     */
    public void open(Exchange exchange) {
        Message message = exchange.getMessage();
        Headers headers = message.getHeader(KafkaConstants.HEADERS, Headers.class);
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(headers, message.getBody(byte[].class)).toEvent();
        } catch (CloudEventRWException e) {
            exchange.setProperty(INVALID_EVENT, "Not a CloudEvent: " + e.getMessage());
            return;
        }
        Object correlationId = event.getExtension(CORRELATION_EXTENSION);
        String problem = event.getSubject() == null ? "CloudEvent attribute 'subject' (the record id) is missing"
                : event.getTime() == null ? "CloudEvent attribute 'time' is missing"
                : event.getId().length() > 64 ? "CloudEvent attribute 'id' is longer than 64 characters"
                : correlationId != null && correlationId.toString().length() > 64
                        ? "CloudEvent extension 'correlationid' is longer than 64 characters"
                : null;
        exchange.setProperty(EVENT_ID, event.getId());
        if (problem != null) {
            exchange.setProperty(INVALID_EVENT, problem);
            return;
        }
        CorrelationIds.use(exchange, correlationId != null ? correlationId.toString() : event.getId());
        exchange.setProperty(EVENT_TYPE, event.getType());
        exchange.setProperty(SOURCE, event.getSource().toString());
        exchange.setProperty(EVENT_TIME, event.getTime());
        exchange.setProperty(KEY, event.getSubject());
        exchange.setProperty(ENTITY, entityOf(message.getHeader(KafkaConstants.TOPIC, String.class)));
        message.setBody(event.getData() == null ? new byte[0] : event.getData().toBytes());
    }

    /** {@link #open} for each exchange of a batch (the body); each gets the batch's consumer group. */
    public void openBatch(Exchange batch) {
        for (Object item : batch.getMessage().getBody(List.class)) {
            Exchange exchange = (Exchange) item;
            exchange.setProperty(RejectedEvents.CONSUMER_GROUP, batch.getProperty(RejectedEvents.CONSUMER_GROUP));
            open(exchange);
        }
    }

    private static String eventId(Message message) {
        String given = message.getHeader(EVENT_ID, String.class);
        return given != null ? given : CorrelationIds.newId();
    }

    private static String entityOf(String topic) {
        // omnihub.<entity>.v1
        return topic.substring(topic.indexOf('.') + 1, topic.lastIndexOf('.'));
    }

    private static String required(Message message, String header) {
        String value = message.getHeader(header, String.class);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Header " + header + " is required to publish an event");
        }
        return value;
    }
}
