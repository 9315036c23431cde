package io.omnihub.broker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.springframework.stereotype.Component;

/**
 * Commits a consumed record's offset once the flow has stored its effect, so a crash between
 * the two reads the record again (and the idempotent store ignores it) instead of losing it.
 */
@Component("kafkaOffsets")
public class KafkaOffsets {

    /** Exchange property: the batch a batching consumer read (set by the omnihub-events-batch-source Kamelet). */
    public static final String BATCH = "omnihubBatch";

    public void commit(Exchange exchange) {
        KafkaManualCommit commit = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (commit == null) {
            throw new IllegalStateException("The Kafka consumer has no manual commit (allowManualCommit=false)");
        }
        commit.commit();
    }

    /**
     * Commits a batch (exchange property {@value #BATCH}, the consumer's list of exchanges): the last
     * record of each partition, as a record's commit covers its own partition only.
     */
    public void commitBatch(Exchange batch) {
        Map<String, Exchange> lastOfPartition = new LinkedHashMap<>();
        for (Object item : batch.getProperty(BATCH, List.class)) {
            Message record = ((Exchange) item).getMessage();
            lastOfPartition.put(record.getHeader(KafkaConstants.TOPIC) + "-" + record.getHeader(KafkaConstants.PARTITION), (Exchange) item);
        }
        lastOfPartition.values().forEach(this::commit);
    }
}
