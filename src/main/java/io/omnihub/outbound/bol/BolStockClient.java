package io.omnihub.outbound.bol;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.mapping.MappingException;
import io.omnihub.outbound.OutboundProperties;
import io.omnihub.outbound.spi.Attempts;
import io.omnihub.outbound.spi.CallOutcome;
import io.omnihub.outbound.spi.ClientSupport;
import io.omnihub.outbound.spi.DeliveryFailure;
import io.omnihub.outbound.spi.DeliveryOutcome;
import io.omnihub.outbound.spi.PendingChange;
import io.omnihub.outbound.spi.RateGovernor;
import io.omnihub.outbound.spi.Target;
import io.omnihub.outbound.spi.TargetClient;

/**
 * Availability to bol.com as offer stock: one {@code PUT /retailer/offers/{offerId}/stock} per offer,
 * which bol accepts (202) with a process status; the change counts as delivered only when that
 * status says SUCCESS ({@link BolProcessStatuses} reads the statuses of many updates in one call).
 * FAILURE (an unknown offer, say) sends the change to the dead-letter inbox with bol's message. A stock update is an
 * absolute amount and one key is in one delivery at a time, so sending it again after a timeout
 * never applies anything twice. Writes and status reads are paced on bol's rate rules.
 */
public final class BolStockClient implements TargetClient {

    static final String MAPPING = "bol/offer-stock.out";

    private final OutboundProperties.Bol settings;
    private final Target target;
    private final ClientSupport support;
    private final BolRetailerApi api;
    private final RateGovernor stockWrites;
    private final BolProcessStatuses statuses;

    public BolStockClient(OutboundProperties.Bol settings, ClientSupport support) {
        if (settings.clientId().isBlank() || settings.clientSecret().isBlank() || settings.tokenUrl().isBlank()) {
            throw new IllegalStateException("omnihub.outbound.bol.base-url is set (" + settings.baseUrl() + ") but the "
                    + "credential is not: set OMNIHUB_BOL_CLIENT_ID, OMNIHUB_BOL_CLIENT_SECRET and OMNIHUB_BOL_TOKEN_URL");
        }
        this.settings = settings;
        this.target = settings.target();
        this.support = support;
        this.api = new BolRetailerApi(settings, target, support);
        this.stockWrites = api.governor("offer-stock", settings.stockRate());
        this.statuses = new BolProcessStatuses(api, api.governor("process-status", settings.statusRate()), support.scheduler(),
                settings.firstStatusPoll(), settings.statusPollEvery(), settings.statusTimeout());
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public int maxBatch() {
        return 1;
    }

    /**
     * The configured bound, or by default as many offers as bol's stock rule lets go out while one
     * awaits its confirmation (first status read, the reads' pace) plus 2 s of updates waiting their
     * turn: at 25 updates/s about 200, and twice that when bol's headers say 50.
     */
    @Override
    public int maxInFlight() {
        if (settings.maxInFlight() > 0) {
            return settings.maxInFlight();
        }
        Duration confirmed = settings.firstStatusPoll().plus(settings.statusPollEvery()).plusSeconds(2);
        return (int) Math.ceil(stockWrites.refillPerSecond() * confirmed.toMillis() / 1000.0);
    }

    @Override
    public boolean keyedByLocation() {
        return false;
    }

    @Override
    public CompletableFuture<Map<Long, DeliveryOutcome>> deliver(List<PendingChange> batch) {
        PendingChange change = batch.get(0);
        JsonNode call;
        try {
            call = support.map(MAPPING, change, target);
        } catch (MappingException | IllegalArgumentException e) {
            return done(change, new DeliveryOutcome.Failed(e.getMessage(), 0, null, null));
        }
        String offerId = call.path("offerId").asText();
        int amount = call.path("body").path("amount").asInt();
        if (change.targetQuantity() != null && change.targetQuantity() == amount) {
            // bol holds this amount already (e.g. 999 for any figure above it)
            return done(change, new DeliveryOutcome.Delivered(amount));
        }
        return api.send(stockWrites, "offer-stock", "PUT", "/retailer/offers/" + offerId + "/stock", call.path("body").toString(),
                        null, batch, (status, body) -> status == 202 ? CallOutcome.ACCEPTED : CallOutcome.REJECTED)
                .thenCompose(reply -> {
                    if (reply.status() != 202) {
                        return CompletableFuture.completedFuture((DeliveryOutcome) new DeliveryOutcome.Failed(
                                "bol.com refused the stock update of offer " + offerId + ": " + reply.problem(), 1, call, null));
                    }
                    String processStatusId = reply.body().path("processStatusId").asText();
                    support.learn(target.system(), "process-status", processStatusId, "outbound-call/" + reply.callId());
                    return statuses.follow(processStatusId, change)
                            .thenApply(settled -> outcome(settled, processStatusId, call, amount));
                })
                .exceptionally(error -> new DeliveryOutcome.Failed(Attempts.describe(error), DeliveryFailure.attemptsOf(error),
                        call, null))
                .thenApply(outcome -> Map.of(change.positionId(), outcome));
    }

    /** What bol's final process status means for the change. */
    private DeliveryOutcome outcome(BolProcessStatuses.Settled settled, String processStatusId, JsonNode call, int amount) {
        return switch (settled.status()) {
            case "SUCCESS" -> new DeliveryOutcome.Delivered(amount);
            case "PENDING" -> new DeliveryOutcome.Failed("bol.com process status " + processStatusId + " still PENDING after "
                    + settings.statusTimeout().toSeconds() + " s; a replay sends the update again", 1, call, null);
            case "UNKNOWN" -> new DeliveryOutcome.Failed("bol.com did not report process status " + processStatusId + " within "
                    + settings.statusTimeout().toSeconds() + " s; a replay sends the update again", 1, call, null);
            default -> new DeliveryOutcome.Failed("bol.com did not apply the stock update (process status " + processStatusId
                    + " " + settled.status() + ": " + settled.errorMessage() + ")", 1, call, null);
        };
    }

    private static CompletableFuture<Map<Long, DeliveryOutcome>> done(PendingChange change, DeliveryOutcome outcome) {
        return CompletableFuture.completedFuture(Map.of(change.positionId(), outcome));
    }
}
