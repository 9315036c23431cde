package io.omnihub.inbound;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The newest source time the hub has taken per canonical record and source ({@code inbound_watermark}),
 * so that data older than what the hub already has never moves state backwards, whichever path
 * (webhook, partner file) it came in by.
 */
@Component
public class InboundWatermarks {

    private static final String ADVANCE = """
            UPDATE inbound_watermark SET occurred_at = ?
            WHERE entity = ? AND record_id = ? AND source = ? AND occurred_at <= ?""";

    private final JdbcTemplate jdbc;

    public InboundWatermarks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Moves the record's watermark to {@code at} unless a newer one is there. True when the record is
     * current (not older than what the hub has, equal included, so a replay after a crash passes).
     */
    public boolean advance(String entity, String recordId, String source, Instant at) {
        Timestamp time = Timestamp.from(at);
        if (jdbc.update(ADVANCE, time, entity, recordId, source, time) == 1) {
            return true;
        }
        if (jdbc.update("INSERT INTO inbound_watermark (entity, record_id, source, occurred_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                entity, recordId, source, time) == 1) {
            return true;
        }
        // another worker inserted the key meanwhile: compare once more against what it wrote
        return jdbc.update(ADVANCE, time, entity, recordId, source, time) == 1;
    }
}
