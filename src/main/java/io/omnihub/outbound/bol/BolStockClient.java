package io.omnihub.outbound.bol;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 * status, followed on {@code GET /shared/process-status/{id}}, says SUCCESS. FAILURE (an unknown
 * offer, say) sends the change to the dead-letter inbox with bol's message. A stock update is an
 * absolute amount and one key is in one delivery at a time, so sending it again after a timeout
 * never applies anything twice. Writes and status reads are paced on bol's two rate rules.
 */
public final class BolStockClient implements TargetClient {

    static final String MAPPING = "bol/offer-stock.out";

    private final OutboundProperties.Bol settings;
    private final Target target;
    private final ClientSupport support;
    private final BolRetailerApi api;
    private final RateGovernor stockWrites;
    private final RateGovernor statusReads;

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
        this.statusReads = api.governor("process-status", settings.statusRate());
    }

    @Override
    public Target target() {
        return target;
    }

    @Override
    public int maxBatch() {
        return 1;
    }

    @Override
    public int maxInFlight() {
        return settings.maxInFlight();
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
                    return follow(change, call, processStatusId, amount, Instant.now(), settings.firstStatusPoll());
                })
                .exceptionally(error -> new DeliveryOutcome.Failed(Attempts.describe(error), DeliveryFailure.attemptsOf(error),
                        call, null))
                .thenApply(outcome -> Map.of(change.positionId(), outcome));
    }

    /** Reads the process status after {@code wait}, and again while it is PENDING, up to the status timeout. */
    private CompletableFuture<DeliveryOutcome> follow(PendingChange change, JsonNode call, String processStatusId, int amount,
            Instant accepted, Duration wait) {
        return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS, support.scheduler()))
                .thenCompose(ignored -> api.send(statusReads, "process-status", "GET", "/shared/process-status/" + processStatusId,
                        null, processStatusId, List.of(change), (status, body) -> verdict(status, body)))
                .thenCompose(reply -> {
                    String status = reply.body().path("status").asText();
                    if (reply.status() == 200 && "SUCCESS".equals(status)) {
                        return CompletableFuture.completedFuture(new DeliveryOutcome.Delivered(amount));
                    }
                    if (reply.status() == 200 && "PENDING".equals(status)) {
                        if (Duration.between(accepted, Instant.now()).compareTo(settings.statusTimeout()) > 0) {
                            return CompletableFuture.completedFuture(new DeliveryOutcome.Failed("bol.com process status "
                                    + processStatusId + " still PENDING after " + settings.statusTimeout().toSeconds()
                                    + " s; a replay sends the update again", 1, call, null));
                        }
                        return follow(change, call, processStatusId, amount, accepted, settings.statusPollEvery());
                    }
                    String why = reply.status() == 200 ? status + ": " + reply.body().path("errorMessage").asText("") : reply.problem();
                    return CompletableFuture.completedFuture(new DeliveryOutcome.Failed("bol.com did not apply the stock "
                            + "update (process status " + processStatusId + " " + why + ")", 1, call, null));
                });
    }

    private static CallOutcome verdict(int status, JsonNode body) {
        if (status != 200) {
            return CallOutcome.REJECTED;
        }
        return switch (body.path("status").asText()) {
            case "SUCCESS" -> CallOutcome.ACKNOWLEDGED;
            case "PENDING" -> CallOutcome.PENDING;
            default -> CallOutcome.REJECTED;
        };
    }

    private static CompletableFuture<Map<Long, DeliveryOutcome>> done(PendingChange change, DeliveryOutcome outcome) {
        return CompletableFuture.completedFuture(Map.of(change.positionId(), outcome));
    }
}
