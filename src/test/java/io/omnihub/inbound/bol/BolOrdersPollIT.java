package io.omnihub.inbound.bol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import io.omnihub.inbound.PollWatermarks;
import io.omnihub.inbound.PollWatermarks.Watermark;
import io.omnihub.sandbox.bol.BolState;
import io.omnihub.sandbox.bol.BolWire.BundlePrice;
import io.omnihub.sandbox.bol.BolWire.RetailerOffer;

/**
 * The bol.com order poller inside the hub against the bol sandbox over HTTP (token, rate limits,
 * paging), with real Kafka and the database: a marketplace sale becomes one canonical order and a
 * reservation that lowers what bol.com and the web shop may sell, however often it is polled; an
 * order placed in the watermark's own second still comes through; a 429 storm delays the poll
 * without losing an order; an order that does not map is kept with the reason while the next one
 * goes through; and the watermark the poller left is where a restarted hub resumes.
 */
class BolOrdersPollIT extends BolOrderPolling {

    @Test
    void aMarketplaceSaleBecomesOneOrderAndAReservationHoweverOftenItIsPolled() throws Exception {
        RetailerOffer offer = offerWithStock(0);
        String sku = offer.reference();
        int bolBefore = available("marketplace-bol", sku);
        int shopBefore = available("webshop-shopify", sku);
        String orderId = placeOrder(offer.ean(), 2, null);

        poll();
        Map<String, Object> record = awaitRecorded(orderId);
        assertThat(record.get("outcome")).isEqualTo("PUBLISHED");
        String canonicalId = (String) record.get("entity_id");
        String eventId = (String) record.get("event_id");
        await().atMost(POLLED).until(() -> reserved(canonicalId) == 2);
        await().atMost(POLLED).untilAsserted(() -> {
            assertThat(available("marketplace-bol", sku)).as("bol.com may sell").isEqualTo(bolBefore - 2);
            assertThat(available("webshop-shopify", sku)).as("the web shop may sell").isEqualTo(shopBefore - 2);
        });
        JsonNode order = JSON.readTree(jdbc.queryForObject("SELECT payload FROM ingested_event WHERE event_id = ?",
                String.class, eventId));
        assertThat(order.path("channel").asText()).isEqualTo("marketplace-bol");
        assertThat(order.path("lines").get(0).path("sku").asText()).isEqualTo(sku);
        assertThat(order.path("lines").get(0).path("quantity").asInt()).isEqualTo(2);

        // more polls: the watermark is past the order, it is not even read again
        awaitPolls(3);
        assertThat(recordedTimes(orderId)).isEqualTo(1);

        // a poll repeated from before the order, as after a crash between publishing and the watermark:
        // the order is read again, and its event id is the one published, so nothing is published twice
        jdbc.update("UPDATE poll_watermark SET watermark_at = ?, ids_at_watermark = '' WHERE listing = ?",
                Timestamp.from(placedAt(orderId).minusSeconds(1)), poll.listing());
        await().atMost(POLLED).until(() -> jdbc.queryForObject(
                "SELECT deliveries FROM polled_record WHERE record_id = ?", Integer.class, orderId) == 2);
        awaitPolls(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ingested_event WHERE entity_id = ?", Integer.class, canonicalId))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM stock_event WHERE record_id = ?", Integer.class, canonicalId))
                .isEqualTo(1);
        assertThat(reserved(canonicalId)).isEqualTo(2);
        assertThat(available("marketplace-bol", sku)).isEqualTo(bolBefore - 2);
    }

    @Test
    void anOrderPlacedInTheWatermarksOwnSecondIsNotLost() throws Exception {
        RetailerOffer offer = offerWithStock(1);
        Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String first = placeOrder(offer.ean(), 1, second);
        poll();
        awaitRecorded(first);
        Watermark mark = new PollWatermarks(jdbc).read(poll.listing());
        assertThat(mark.at()).isEqualTo(second);
        assertThat(mark.idsAt()).contains(first);

        String sameSecond = placeOrder(offer.ean(), 1, second);
        assertThat(awaitRecorded(sameSecond).get("outcome")).isEqualTo("PUBLISHED");
        awaitPolls(2);
        assertThat(recordedTimes(first)).isEqualTo(1);
        assertThat(recordedTimes(sameSecond)).isEqualTo(1);
        assertThat(new PollWatermarks(jdbc).read(poll.listing()).idsAt()).contains(first, sameSecond);
    }

    @Test
    void aStormOf429sDelaysThePollAndLosesNothing() throws Exception {
        RetailerOffer offer = offerWithStock(2);
        admin.clearCalls();
        admin.faults(4, 0, 0);
        String orderId = placeOrder(offer.ean(), 1, null);

        poll();
        assertThat(awaitRecorded(orderId).get("outcome")).isEqualTo("PUBLISHED");
        assertThat(admin.faults().path("throttles").asInt()).isZero();
        List<JsonNode> calls = admin.calls("/retailer/orders");
        List<Instant> throttled = new ArrayList<>();
        for (int i = 0; i < calls.size() - 1; i++) {
            if (calls.get(i).path("status").asInt() == 429) {
                Instant at = Instant.parse(calls.get(i).path("at").asText());
                Instant next = Instant.parse(calls.get(i + 1).path("at").asText());
                // the sandbox's Retry-After is 2 s: the next read waits for it
                assertThat(Duration.between(at, next)).as("pause after the 429 at " + at).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
                throttled.add(at);
            }
        }
        // the storm's other 429s may have met another bol call (a token, the outbound stock client)
        assertThat(throttled).isNotEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM ingested_event WHERE event_id = ?", Integer.class,
                awaitRecorded(orderId).get("event_id"))).isEqualTo(1);
    }

    @Test
    void anOrderThatDoesNotMapIsKeptWithTheReasonAndTheNextOrderGoesThrough() throws Exception {
        // a product the retailer listed on bol.com without reference, whose EAN the hub has no SKU for
        String ean = newEan();
        bol.state().createOffer(new BolState.NewOffer(ean, "NEW", null, false, "Unlisted lantern",
                List.of(new BundlePrice(1, new BigDecimal("12.50"))), 10, true, "FBR", "1-2d"));
        await().atMost(POLLED).until(() -> bol.state().offers().stream().anyMatch(o -> o.ean().equals(ean)));
        RetailerOffer good = offerWithStock(3);
        String unmappable = placeOrder(ean, 1, null);
        String next = placeOrder(good.ean(), 1, null);

        poll();
        Map<String, Object> refused = awaitRecorded(unmappable);
        Map<String, Object> published = awaitRecorded(next);
        assertThat(refused.get("outcome")).isEqualTo("ERROR");
        assertThat((String) refused.get("reason")).contains("order.in.jslt").contains("sku");
        assertThat(refused.get("event_id")).isNull();
        assertThat((String) refused.get("body")).contains(ean);
        assertThat(published.get("outcome")).isEqualTo("PUBLISHED");
        String canonicalId = (String) published.get("entity_id");
        await().atMost(POLLED).until(() -> reserved(canonicalId) == 1);

        // the watermark is past both: a restarted hub (a new store on the same table) resumes after them
        Watermark resumed = new PollWatermarks(jdbc).read(poll.listing());
        for (String orderId : List.of(unmappable, next)) {
            assertThat(resumed.isNew(placedAt(orderId), orderId)).as("order " + orderId + " taken").isFalse();
        }
    }

    @Test
    void theWatermarkStoreKeepsTheNewestTimeAndTheIdsTakenAtIt() {
        String listing = "it/" + System.nanoTime() + "/orders";
        Instant t = Instant.parse("2026-11-23T09:41:26Z");
        PollWatermarks store = new PollWatermarks(jdbc);
        assertThat(store.read(listing)).isEqualTo(Watermark.NONE);
        store.take(listing, t, "a");
        store.take(listing, t, "b");
        store.take(listing, t.minusSeconds(5), "late");

        Watermark afterRestart = new PollWatermarks(jdbc).read(listing);
        assertThat(afterRestart.at()).isEqualTo(t);
        assertThat(afterRestart.idsAt()).containsExactlyInAnyOrder("a", "b");
        assertThat(afterRestart.isNew(t, "a")).isFalse();
        assertThat(afterRestart.isNew(t, "c")).isTrue();
        assertThat(afterRestart.isNew(t.plusSeconds(1), "a")).isTrue();
        assertThat(afterRestart.isNew(t.minusSeconds(1), "z")).isFalse();

        store.take(listing, t.plusSeconds(1), "d");
        assertThat(new PollWatermarks(jdbc).read(listing)).isEqualTo(new Watermark(t.plusSeconds(1), Set.of("d")));
    }

    /** An EAN-13 no product has, with a valid check digit. */
    private static String newEan() {
        String body = "20" + String.format("%010d", ThreadLocalRandom.current().nextLong(10_000_000_000L));
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (body.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return body + (10 - sum % 10) % 10;
    }
}
