package io.omnihub.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.outbound.spi.Target;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.ReferenceRetailer.Variant;
import io.omnihub.sandbox.bol.BolSandbox;
import io.omnihub.sandbox.shopify.ShopifyCatalog;
import io.omnihub.sandbox.shopify.ShopifyInventory;
import io.omnihub.sandbox.shopify.ShopifySandbox;
import io.omnihub.support.HubIntegrationTest;
import io.omnihub.support.SandboxCatalogue;
import io.omnihub.xref.IdRegistry;

/**
 * What the outbound ITs share: the catalogue linked in the ID registry (Shopify items and locations,
 * Square variations, bol.com offers), changes under test correlation ids, and the checks on the hub's
 * own records (positions, call records, dead letters), and what the sandboxes hold. Same Spring
 * context as every hub IT.
 */
abstract class OutboundIntegrationTest extends HubIntegrationTest {

    @Autowired
    protected OutboundDelivery delivery;
    @Autowired
    protected ReferenceRetailer retailer;
    @Autowired
    protected IdRegistry registry;
    @Autowired
    protected ShopifySandbox shopify;
    @Autowired
    protected BolSandbox bol;

    @BeforeEach
    void linkCatalogue() {
        SandboxCatalogue.link(registry, retailer);
        SandboxCatalogue.linkOffers(registry, retailer);
    }

    /** A change with a fresh correlation id {@code it-…}, so a test's own dead letters can be told apart. */
    protected static AvailabilityChange change(Target target, String sku, String location, int quantity, Instant at) {
        return new AvailabilityChange(target, sku, location, quantity, "it-" + UUID.randomUUID(), at);
    }

    /** Every change of the target acknowledged or dead-lettered: nothing due, nothing under way. */
    protected void assertSettled(Target target) {
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbound_position WHERE target = ? AND due_at IS NOT NULL",
                Long.class, target.id())).as(target + ": changes still due or under way").isZero();
    }

    /** Calls to the target since {@code since}, counted by outcome. */
    protected Map<String, Long> outcomes(Target target, Instant since) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.queryForList("SELECT outcome, COUNT(*) AS n FROM outbound_call WHERE target = ? AND started_at >= ? GROUP BY outcome",
                target.id(), DeliveryPositions.utc(since))
                .forEach(row -> counts.put((String) row.get("outcome"), ((Number) row.get("n")).longValue()));
        return counts;
    }

    /**
     * Changes carried to the target since {@code since}, counted by how each ended (a bulk read of bol.com
     * process statuses ends differently for its changes: ACKNOWLEDGED, PENDING, REJECTED).
     */
    protected Map<String, Long> changeOutcomes(Target target, Instant since) {
        Map<String, Long> counts = new HashMap<>();
        jdbc.queryForList("""
                SELECT COALESCE(x.outcome, c.outcome) AS outcome, COUNT(*) AS n
                  FROM outbound_call c JOIN outbound_call_change x ON x.call_id = c.id
                 WHERE c.target = ? AND c.started_at >= ? GROUP BY COALESCE(x.outcome, c.outcome)""",
                target.id(), DeliveryPositions.utc(since))
                .forEach(row -> counts.put((String) row.get("outcome"), ((Number) row.get("n")).longValue()));
        return counts;
    }

    /** Open dead letters of the target from changes whose correlation id starts with {@code prefix} (not the stock core's). */
    protected long openDeadLetters(Target target, String prefix) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM outbound_dead_letter WHERE target = ? AND status = 'OPEN' "
                + "AND correlation_id LIKE ?", Long.class, target.id(), prefix + "%");
    }

    /** A distinct value per key and round (rounds below 70 stay under bol's 999). */
    protected static int value(int key, int round) {
        return 20 + round * 13 + key % 7;
    }

    /** What the Shopify sandbox shows as available for the SKU at the location. */
    protected int available(String sku, String location) {
        ShopifyCatalog catalog = shopify.state().catalog();
        return shopify.state().inventory()
                .level(catalog.variantBySku(sku).orElseThrow().inventoryItem(), catalog.locationByAnyId(location).orElseThrow())
                .orElseThrow().quantity(ShopifyInventory.AVAILABLE);
    }

    /** The stock amount of the variant's bol.com offer in the bol sandbox. */
    protected int offerStock(Variant variant) {
        return bol.state().offer(variant.bolOfferId()).orElseThrow().stock().amount();
    }
}
