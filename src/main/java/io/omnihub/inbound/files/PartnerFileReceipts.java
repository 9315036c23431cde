package io.omnihub.inbound.files;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * The hub's record of partner files ({@code partner_file}), the content each applied
 * ({@code partner_file_content}, unique per partner and SHA-256) and the outcome of every line
 * ({@code partner_file_line}).
 */
@Component
public class PartnerFileReceipts {

    /** A file as recorded when it was picked up. */
    public record Receipt(long id, String partner, String fileName, String correlationId, String status,
            Instant receivedAt, String movedTo) {
    }

    /** A line that was not published, as the file report lists it. */
    public record LineOutcome(long line, String status, String column, String reason) {
    }

    private static final String RECEIPT = "SELECT id, partner, file_name, correlation_id, status, received_at, moved_to FROM partner_file";

    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    public PartnerFileReceipts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a file picked up, with the status it starts in. */
    public Receipt open(String partner, String fileName, String correlationId, String contentHash, long size,
            FileFormat format, String status) {
        Instant now = clock.instant();
        var key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO partner_file (partner, file_name, correlation_id, content_hash, size_bytes, format, received_at, status)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", new String[] {"id"});
            insert.setString(1, partner);
            insert.setString(2, fileName);
            insert.setString(3, correlationId);
            insert.setString(4, contentHash);
            insert.setLong(5, size);
            insert.setString(6, format == null ? null : format.extension());
            insert.setTimestamp(7, Timestamp.from(now));
            insert.setString(8, status);
            return insert;
        }, key);
        return new Receipt(key.getKey().longValue(), partner, fileName, correlationId, status, now, null);
    }

    /** The file that applied (or is applying) this content for the partner, if any. */
    public Optional<Receipt> applierOf(String partner, String contentHash) {
        return jdbc.query(RECEIPT + " WHERE id = (SELECT file_id FROM partner_file_content WHERE partner = ? AND content_hash = ?)",
                PartnerFileReceipts::receipt, partner, contentHash).stream().findFirst();
    }

    /** Makes the file the one that applies this content; false when another file already is. */
    public boolean claimContent(String partner, String contentHash, long fileId) {
        return jdbc.update("INSERT INTO partner_file_content (partner, content_hash, file_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                partner, contentHash, fileId) == 1;
    }

    public boolean lineRecorded(long fileId, long line) {
        return !jdbc.queryForList("SELECT 1 FROM partner_file_line WHERE file_id = ? AND line_number = ?",
                Integer.class, fileId, line).isEmpty();
    }

    /** Records what became of one line; false when it was recorded before (a resumed file). */
    public boolean recordLine(long fileId, long line, String correlationId, String status, String column, String reason,
            String entity, String recordId, String eventId) {
        return jdbc.update("""
                INSERT INTO partner_file_line (file_id, line_number, correlation_id, status, source_column, reason,
                                               entity, record_id, event_id, processed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                fileId, line, correlationId, status, column, truncate(reason), entity, recordId, eventId,
                Timestamp.from(clock.instant())) == 1;
    }

    /** Lines per status, e.g. PUBLISHED=40, REJECTED=2. */
    public Map<String, Long> lineCounts(long fileId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query("SELECT status, COUNT(*) FROM partner_file_line WHERE file_id = ? GROUP BY status ORDER BY status",
                rs -> {
                    counts.put(rs.getString(1), rs.getLong(2));
                }, fileId);
        return counts;
    }

    /** Every line that was not published, in file order. */
    public List<LineOutcome> notPublished(long fileId) {
        return jdbc.query("""
                SELECT line_number, status, source_column, reason FROM partner_file_line
                WHERE file_id = ? AND status <> 'PUBLISHED' ORDER BY line_number""",
                (rs, n) -> new LineOutcome(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)), fileId);
    }

    /** Writes the file's end: its status, what happened, where it went, and the file it duplicates. */
    public void finish(long fileId, String status, String outcome, String movedTo, Long duplicateOf) {
        String movedName = movedTo == null ? null : Path.of(movedTo).getFileName().toString();
        jdbc.update("""
                UPDATE partner_file SET status = ?, outcome = ?, moved_to = ?, moved_name = ?, duplicate_of = ?, processed_at = ?
                WHERE id = ?""",
                status, truncate(outcome), movedTo, movedName, duplicateOf, Timestamp.from(clock.instant()), fileId);
    }

    private static Receipt receipt(ResultSet rs, int row) throws SQLException {
        return new Receipt(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant(), rs.getString(7));
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 4000 ? text : text.substring(0, 3997) + "...";
    }
}
