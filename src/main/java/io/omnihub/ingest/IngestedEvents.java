package io.omnihub.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import io.omnihub.correlation.CorrelationIds;
import io.omnihub.event.CloudEvents;
import io.omnihub.event.EventBatches;

/**
 * Stores every canonical event once (unique on the event id; a redelivered one changes nothing),
 * with the correlation id it carried from the door: a batch of consumed events in one JDBC batch.
 * Counted in {@code omnihub.ingest.events} by entity; each event is logged at DEBUG only, as one
 * INFO line per event flooded the log at the rates the hub carries (lineage answers per record).
 */
@Component("ingestedEvents")
public class IngestedEvents {

    private static final Logger log = LoggerFactory.getLogger(IngestedEvents.class);
    // ON CONFLICT without a target: the form H2 (PostgreSQL mode) and PostgreSQL both accept
    private static final String INSERT = """
            INSERT INTO ingested_event (event_id, entity, entity_id, event_type, source, correlation_id, event_time, payload)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";

    private final JdbcTemplate jdbc;
    private final EventBatches eventBatches;
    private final MeterRegistry meters;

    public IngestedEvents(JdbcTemplate jdbc, EventBatches eventBatches, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.eventBatches = eventBatches;
        this.meters = meters;
    }

    /** Stores the batch's events (the body: the events source's opened exchanges). */
    public void store(Exchange batch) {
        @SuppressWarnings("unchecked")
        List<Exchange> events = batch.getMessage().getBody(List.class);
        Map<String, Integer> byEntity = new TreeMap<>();
        for (List<Exchange> stored : eventBatches.apply(events, event -> event, this::insert)) {
            for (Exchange event : stored) {
                String entity = event.getProperty(CloudEvents.ENTITY, String.class);
                byEntity.merge(entity, 1, Integer::sum);
                if (log.isDebugEnabled()) {
                    MDC.put(CorrelationIds.PROPERTY, CorrelationIds.of(event));
                    log.debug("Stored {} event {}", entity, event.getProperty(CloudEvents.EVENT_ID));
                    MDC.remove(CorrelationIds.PROPERTY);
                }
            }
        }
        byEntity.forEach((entity, count) -> Counter.builder("omnihub.ingest.events")
                .description("Canonical events the event store consumed (stored, or already there when redelivered)")
                .tag("entity", entity).register(meters).increment(count));
    }

    private List<Exchange> insert(List<Exchange> events) {
        jdbc.batchUpdate(INSERT, events.stream().map(event -> new Object[] {
                event.getProperty(CloudEvents.EVENT_ID), event.getProperty(CloudEvents.ENTITY), event.getProperty(CloudEvents.KEY),
                event.getProperty(CloudEvents.EVENT_TYPE), event.getProperty(CloudEvents.SOURCE), CorrelationIds.of(event),
                Timestamp.from(event.getProperty(CloudEvents.EVENT_TIME, OffsetDateTime.class).toInstant()),
                new String(event.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)}).toList());
        return events;
    }
}
