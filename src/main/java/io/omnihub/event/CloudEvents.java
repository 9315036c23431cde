package io.omnihub.event;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
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
    /** Exchange property (out): the CloudEvent id. */
    public static final String EVENT_ID = "omnihubEventId";
    /** Exchange property (out on the consuming side): the event time. */
    public static final String EVENT_TIME = "omnihubEventTime";
    /** Exchange property (out on the consuming side): the CloudEvent type. */
    public static final String EVENT_TYPE = "omnihubEventType";

    static final String CORRELATION_EXTENSION = "correlationid";

    /**
     * Replaces the message headers by the event's {@code ce_*} headers, the Kafka key and topic.
     * Nothing else from the inbound transport (HTTP headers, say) reaches Kafka.
     */
    public void envelope(Exchange exchange) throws InvalidPayloadException {
        Message message = exchange.getMessage();
        String entity = required(message, ENTITY);
        String key = required(message, KEY);
        String topic = EventTopics.topicFor(entity);
        CloudEvent event = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
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
     * attributes as exchange properties; the body stays the event data. A record that is not a
     * valid CloudEvent fails here, naming the missing or bad attribute.
     */
    public void open(Exchange exchange) {
        Message message = exchange.getMessage();
        Headers headers = message.getHeader(KafkaConstants.HEADERS, Headers.class);
        CloudEvent event = KafkaMessageFactory.createReader(headers, message.getBody(byte[].class)).toEvent();
        Object correlationId = event.getExtension(CORRELATION_EXTENSION);
        CorrelationIds.use(exchange, correlationId != null ? correlationId.toString() : event.getId());
        exchange.setProperty(EVENT_ID, event.getId());
        exchange.setProperty(EVENT_TYPE, event.getType());
        exchange.setProperty(SOURCE, event.getSource().toString());
        exchange.setProperty(EVENT_TIME, event.getTime());
        exchange.setProperty(KEY, event.getSubject());
        exchange.setProperty(ENTITY, entityOf(message.getHeader(KafkaConstants.TOPIC, String.class)));
        message.setBody(event.getData() == null ? new byte[0] : event.getData().toBytes());
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
