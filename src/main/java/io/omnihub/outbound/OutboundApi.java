package io.omnihub.outbound;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import io.omnihub.api.RejectedInputException;

/**
 * The dead-letter inbox and the call records over HTTP, as routes/outbound-*.camel.yaml serve them:
 * list and inspect dead letters, replay one or a filtered set, and the calls a change caused.
 * Bad parameters are 400 naming the parameter; an unknown id 404; a replay of a replayed letter 409.
 */
@Component("outboundApi")
public class OutboundApi {

    /** Most dead letters one list or replay answers. */
    static final int LIMIT = 1000;
    private static final Set<String> STATUSES = Set.of("OPEN", "REPLAYED", "SUPERSEDED", "UNCHANGED", "ALL");

    private final DeadLetters deadLetters;
    private final OutboundDelivery delivery;
    private final OutboundCalls calls;

    public OutboundApi(DeadLetters deadLetters, OutboundDelivery delivery, OutboundCalls calls) {
        this.deadLetters = deadLetters;
        this.delivery = delivery;
        this.calls = calls;
    }

    /** GET /api/outbound/dead-letters?target=&key=&since=&status= (status OPEN unless given; ALL for any). */
    public List<DeadLetters.DeadLetter> list(@Header("target") String target, @Header("key") String key,
            @Header("since") String since, @Header("status") String status) {
        return deadLetters.list(filter(target, key, since, status), LIMIT);
    }

    /** GET /api/outbound/dead-letters/{id}. */
    public DeadLetters.DeadLetter get(@Header("id") String id) {
        long number = id(id);
        return deadLetters.find(number).orElseThrow(() -> new RejectedInputException(404, "No dead letter " + number));
    }

    /** POST /api/outbound/dead-letters/{id}/replay. */
    public OutboundDelivery.Replay replay(@Header("id") String id) {
        try {
            return delivery.replay(id(id));
        } catch (NoSuchElementException e) {
            throw new RejectedInputException(404, e.getMessage());
        } catch (IllegalStateException e) {
            throw new RejectedInputException(409, e.getMessage());
        }
    }

    /** POST /api/outbound/dead-letters/replay?target=…&key=&since=: the open ones the filter selects. */
    public Map<String, Object> replayAll(@Header("target") String target, @Header("key") String key,
            @Header("since") String since) {
        List<OutboundDelivery.Replay> replays = replayAllReplays(target, key, since);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("replayed", replays.stream().filter(r -> "REPLAYED".equals(r.status())).count());
        answer.put("results", replays);
        return answer;
    }

    /** The replays of the open dead letters of a target (required), key and time. */
    List<OutboundDelivery.Replay> replayAllReplays(String target, String key, String since) {
        if (blank(target)) {
            throw RejectedInputException.badRequest("Query parameter 'target' is required to replay a set, "
                    + "e.g. ?target=bol or ?target=bol/omnihub-outdoor");
        }
        return delivery.replay(filter(target, key, since, "OPEN"), LIMIT);
    }

    /** GET /api/outbound/calls?correlationId=: every call that carried a change with that correlation id. */
    public List<Map<String, Object>> calls(@Header("correlationId") String correlationId) {
        if (blank(correlationId)) {
            throw RejectedInputException.badRequest("Query parameter 'correlationId' is required");
        }
        List<Map<String, Object>> found = calls.byCorrelationId(correlationId);
        if (found.isEmpty()) {
            throw new RejectedInputException(404, "No outbound call carried a change with correlation id " + correlationId);
        }
        return found;
    }

    private DeadLetters.Filter filter(String target, String key, String since, String status) {
        if (!blank(target)) {
            try {
                delivery.target(target);
            } catch (IllegalArgumentException e) {
                throw RejectedInputException.badRequest("Query parameter 'target': " + e.getMessage());
            }
        }
        String wanted = blank(status) ? "OPEN" : status.trim().toUpperCase(Locale.ROOT);
        if (!STATUSES.contains(wanted)) {
            throw RejectedInputException.badRequest("Query parameter 'status' must be one of " + STATUSES + ", not '" + status + "'");
        }
        return new DeadLetters.Filter(blank(target) ? null : target.trim(), blank(key) ? null : key.trim(),
                blank(since) ? null : instant(since), "ALL".equals(wanted) ? null : wanted);
    }

    private static Instant instant(String since) {
        try {
            return OffsetDateTime.parse(since.trim()).toInstant();
        } catch (DateTimeParseException e) {
            throw RejectedInputException.badRequest("Query parameter 'since' must be a date-time with offset, e.g. "
                    + "2026-11-23T10:00:00Z, not '" + since + "'");
        }
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw RejectedInputException.badRequest("Dead letter id must be a number, not '" + id + "'");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
