package io.omnihub.inbound;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * How far a poller has taken a platform listing that it reads by time ({@code poll_watermark}): the
 * newest source time taken and the ids taken at exactly that time. Platforms give times to the
 * second, so several records share one; keeping their ids means a record listed later with the same
 * time is still taken, and one taken before is not taken again. One poller per listing writes it.
 */
@Component
public class PollWatermarks {

    /** Where a listing stands; {@link #NONE} before anything was taken. */
    public record Watermark(Instant at, Set<String> idsAt) {

        public static final Watermark NONE = new Watermark(null, Set.of());

        /** True for a record newer than the watermark, or as new and not taken yet. */
        public boolean isNew(Instant time, String id) {
            return at == null || time.isAfter(at) || (time.equals(at) && !idsAt.contains(id));
        }

        /** The watermark once this record is taken; an older record leaves it as it is. */
        public Watermark taking(Instant time, String id) {
            if (at == null || time.isAfter(at)) {
                return new Watermark(time, Set.of(id));
            }
            if (time.equals(at) && !idsAt.contains(id)) {
                Set<String> ids = new TreeSet<>(idsAt);
                ids.add(id);
                return new Watermark(at, Collections.unmodifiableSet(ids));
            }
            return this;
        }
    }

    private final JdbcTemplate jdbc;
    private final Clock clock = Clock.systemUTC();

    public PollWatermarks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Watermark read(String listing) {
        return jdbc.query("SELECT watermark_at, ids_at_watermark FROM poll_watermark WHERE listing = ?",
                (rs, n) -> new Watermark(rs.getTimestamp(1).toInstant(), ids(rs.getString(2))), listing)
                .stream().findFirst().orElse(Watermark.NONE);
    }

    /** Records that the record {@code id} of {@code time} is taken (published, or stored with its reason). */
    public Watermark take(String listing, Instant time, String id) {
        Watermark before = read(listing);
        Watermark after = before.taking(time, id);
        if (after != before) {
            save(listing, after);
        }
        return after;
    }

    private void save(String listing, Watermark mark) {
        Timestamp at = Timestamp.from(mark.at());
        String ids = String.join(",", mark.idsAt());
        Timestamp now = Timestamp.from(clock.instant());
        if (jdbc.update("UPDATE poll_watermark SET watermark_at = ?, ids_at_watermark = ?, updated_at = ? WHERE listing = ?",
                at, ids, now, listing) == 0) {
            jdbc.update("INSERT INTO poll_watermark (listing, watermark_at, ids_at_watermark, updated_at) VALUES (?, ?, ?, ?)",
                    listing, at, ids, now);
        }
    }

    private static Set<String> ids(String text) {
        return text.isEmpty() ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(Arrays.asList(text.split(","))));
    }
}
