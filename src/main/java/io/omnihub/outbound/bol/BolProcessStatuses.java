package io.omnihub.outbound.bol;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.omnihub.outbound.spi.CallOutcome;
import io.omnihub.outbound.spi.PendingChange;
import io.omnihub.outbound.spi.RateGovernor;

/**
 * Follows the process statuses of accepted bol.com writes in bulk: one {@code POST /shared/process-status}
 * reads up to 1,000 of them (bol's "status of multiple asynchronous processes by id"), so confirming a
 * stock update costs a small share of a call instead of at least one read of its own.
 *
 * <p>A read is made every {@code every} while some followed status has waited {@code first} (bol has
 * hardly processed a younger write); it takes along every followed status, the young ones too, as
 * they cost nothing extra. A status that is SUCCESS, FAILURE or TIMEOUT is settled; one still PENDING,
 * or not reported at all, is read again until {@code timeout} has passed since bol accepted the write.
 */
final class BolProcessStatuses {

    static final int MAX_PER_READ = 1000;

    /** How a followed process ended: bol's status and error message, or PENDING / UNKNOWN when the time ran out. */
    record Settled(String status, String errorMessage) {
    }

    private record Followed(String id, PendingChange change, Instant accepted, CompletableFuture<Settled> settled) {
    }

    private final BolRetailerApi api;
    private final RateGovernor reads;
    private final ScheduledExecutorService scheduler;
    private final Duration first;
    private final Duration every;
    private final Duration timeout;

    // guarded by this; in the order bol accepted the writes
    private final LinkedHashMap<String, Followed> followed = new LinkedHashMap<>();
    private boolean readPlanned;
    private Instant lastRead = Instant.EPOCH;

    BolProcessStatuses(BolRetailerApi api, RateGovernor reads, ScheduledExecutorService scheduler, Duration first,
            Duration every, Duration timeout) {
        this.api = api;
        this.reads = reads;
        this.scheduler = scheduler;
        this.first = first;
        this.every = every;
        this.timeout = timeout;
    }

    /** Completes when bol's process status for the write of {@code change} is final, or the time ran out. */
    CompletableFuture<Settled> follow(String processStatusId, PendingChange change) {
        Followed entry = new Followed(processStatusId, change, Instant.now(), new CompletableFuture<>());
        synchronized (this) {
            followed.put(processStatusId, entry);
            planRead(false);
        }
        return entry.settled();
    }

    /** Plans the next read, unless one is planned or under way: at once after a full read, else on the pace. */
    private void planRead(boolean backlog) {
        if (readPlanned || followed.isEmpty()) {
            return;
        }
        Instant oldestDue = followed.values().iterator().next().accepted().plus(first);
        Instant at = backlog ? Instant.now() : later(oldestDue, lastRead.plus(every));
        readPlanned = true;
        scheduler.schedule(this::read, Math.max(0, Duration.between(Instant.now(), at).toMillis()), TimeUnit.MILLISECONDS);
    }

    private void read() {
        List<Followed> batch = new ArrayList<>();
        synchronized (this) {
            lastRead = Instant.now();
            for (Iterator<Followed> it = followed.values().iterator(); it.hasNext() && batch.size() < MAX_PER_READ; ) {
                batch.add(it.next());
            }
            if (batch.isEmpty()) {
                readPlanned = false;
                return;
            }
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode queries = body.putArray("processStatusQueries");
        batch.forEach(entry -> queries.addObject().put("processStatusId", entry.id()));
        api.send(reads, "process-status", "POST", "/shared/process-status", body.toString(), null,
                        batch.stream().map(Followed::change).toList(), new BulkVerdict(batch))
                .whenComplete((reply, error) -> {
                    try {
                        settle(batch, reply, error);
                    } finally {
                        synchronized (this) {
                            readPlanned = false;
                            planRead(batch.size() == MAX_PER_READ);
                        }
                    }
                });
    }

    private void settle(List<Followed> batch, BolRetailerApi.Reply reply, Throwable error) {
        if (error == null && reply.status() != 200) {
            error = new IllegalStateException("bol.com refused the process status read: " + reply.problem());
        }
        Map<String, JsonNode> statuses = error == null ? byId(reply.body()) : Map.of();
        Instant now = Instant.now();
        for (Followed entry : batch) {
            JsonNode status = statuses.get(entry.id());
            Settled settled = null;
            if (error != null) {
                unfollow(entry);
                entry.settled().completeExceptionally(error);
                continue;
            }
            if (status != null && isFinal(status.path("status").asText())) {
                settled = new Settled(status.path("status").asText(), status.path("errorMessage").asText(""));
            } else if (Duration.between(entry.accepted(), now).compareTo(timeout) > 0) {
                settled = new Settled(status == null ? "UNKNOWN" : "PENDING", "");
            }
            if (settled != null) {
                unfollow(entry);
                entry.settled().complete(settled);
            }
        }
    }

    private synchronized void unfollow(Followed entry) {
        followed.remove(entry.id());
    }

    private static Map<String, JsonNode> byId(JsonNode body) {
        Map<String, JsonNode> statuses = new HashMap<>();
        for (JsonNode status : body.path("processStatuses")) {
            statuses.put(status.path("processStatusId").asText(), status);
        }
        return statuses;
    }

    private static boolean isFinal(String status) {
        return status.equals("SUCCESS") || status.equals("FAILURE") || status.equals("TIMEOUT");
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** The read is recorded as READ; each change it carried as ACKNOWLEDGED (SUCCESS), PENDING or REJECTED. */
    private record BulkVerdict(List<Followed> batch) implements BolRetailerApi.Verdict {

        @Override
        public CallOutcome outcome(int status, JsonNode body) {
            return status == 200 ? CallOutcome.READ : CallOutcome.REJECTED;
        }

        @Override
        public Map<Long, CallOutcome> changeOutcomes(int status, JsonNode body) {
            if (status != 200) {
                return Map.of();
            }
            Map<String, JsonNode> statuses = byId(body);
            Map<Long, CallOutcome> outcomes = new HashMap<>();
            for (Followed entry : batch) {
                String state = statuses.containsKey(entry.id()) ? statuses.get(entry.id()).path("status").asText() : "PENDING";
                outcomes.put(entry.change().positionId(), switch (state) {
                    case "SUCCESS" -> CallOutcome.ACKNOWLEDGED;
                    case "PENDING" -> CallOutcome.PENDING;
                    default -> CallOutcome.REJECTED;
                });
            }
            return outcomes;
        }
    }
}
