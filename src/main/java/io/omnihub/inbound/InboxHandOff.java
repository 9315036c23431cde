package io.omnihub.inbound;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ServiceStatus;
import org.apache.camel.component.seda.SedaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How a stored webhook reaches processing in this hub (ADR 0006).
 * <ul>
 *   <li>While processing's route runs and its queue has room to spare, the door stores the row
 *       already claimed and hands over the row itself, so processing neither claims it nor reads it
 *       back.</li>
 *   <li>Otherwise the door stores the row RECEIVED and hints its key, or the sweep finds it.</li>
 * </ul>
 * A handed-over row is tracked until its outcome is written. Rows still open when the hub stops go
 * back to RECEIVED, so the next start sweeps them at once. A row lost with the process (a crash) waits
 * out its claim's lease instead.
 */
@Component
public class InboxHandOff {

    private static final Logger log = LoggerFactory.getLogger(InboxHandOff.class);
    // never blocks the door: a row or key the queue cannot take is left to the sweep
    private static final String QUEUE = "seda:webhook-inbox?discardWhenFull=true&waitForTaskToComplete=Never";
    private static final String PROCESSING_ROUTE = "webhook-inbox-process";
    // rows are handed over only while the queue has this much room, so rows racing for its last
    // places are rarely discarded (a discarded handed-over row waits for the stop or its lease)
    private static final int HEADROOM = 64;
    private static final String RELEASE = """
            UPDATE webhook_inbox SET status = 'RECEIVED', attempts = attempts - 1, processed_at = NULL
            WHERE correlation_id = ? AND status = 'PROCESSING'""";

    private final CamelContext camel;
    private final ProducerTemplate producer;
    private final JdbcTemplate jdbc;
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private volatile SedaEndpoint queue;

    public InboxHandOff(CamelContext camel, ProducerTemplate producer, JdbcTemplate jdbc) {
        this.camel = camel;
        this.producer = producer;
        this.jdbc = jdbc;
    }

    /** Whether the door stores its next row claimed and hands it over: processing runs here and has room. */
    public boolean takesRows() {
        ServiceStatus route = camel.getRouteController().getRouteStatus(PROCESSING_ROUTE);
        if (route == null || !route.isStarted()) {
            return false;
        }
        if (queue == null) {
            queue = camel.getEndpoint(QUEUE, SedaEndpoint.class);
        }
        return queue.getQueue().remainingCapacity() > HEADROOM;
    }

    /** Hands over a row the door stored claimed. */
    public void handOver(WebhookProcessing.Row row) {
        open.add(row.correlationId());
        send(row);
    }

    /** Hints processing at a row the door stored RECEIVED. */
    public void hint(WebhookInbox.Key key) {
        send(key);
    }

    /** The rows' outcomes are written: nothing to release for them any more. */
    void settled(Collection<String> correlationIds) {
        open.removeAll(correlationIds);
    }

    /** Puts the rows handed over but not settled back to RECEIVED. Runs when the hub stops. */
    @PreDestroy
    public void release() {
        List<Object[]> rows = open.stream().map(id -> new Object[] {id}).toList();
        if (rows.isEmpty()) {
            return;
        }
        int released = Arrays.stream(jdbc.batchUpdate(RELEASE, rows)).sum();
        open.clear();
        log.info("Released {} webhook(s) handed to processing but not processed before the stop; the sweep takes them up",
                released);
    }

    private void send(Object rowOrKey) {
        try {
            producer.sendBody(QUEUE, rowOrKey);
        } catch (RuntimeException notRunning) {
            log.debug("No hand-off for a stored webhook; the sweep will pick it up", notRunning);
        }
    }
}
