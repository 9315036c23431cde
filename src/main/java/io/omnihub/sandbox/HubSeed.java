package io.omnihub.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.omnihub.event.CloudEvents;
import io.omnihub.xref.IdRegistry;

/**
 * Seeds the hub with the reference retailer the sandboxes share, so the default run starts as a
 * retailer's hub would after its first sync: each platform's ids linked to the SKUs and locations
 * (the ID registry), and the opening stock counted in as canonical inventory levels (the stock core
 * then tells every channel what it may sell). Once: a hub whose registry knows the first item skips it.
 */
@Component
@SandboxEnabled
@ConditionalOnProperty(prefix = "omnihub.sandbox", name = "seed-hub", havingValue = "true", matchIfMissing = true)
public class HubSeed {

    private static final Logger log = LoggerFactory.getLogger(HubSeed.class);
    /** Opening stock is counted at this time, so any real count after it wins. */
    static final Instant OPENING = Instant.parse("2026-01-01T00:00:00Z");

    private final ReferenceRetailer retailer;
    private final IdRegistry registry;
    private final ProducerTemplate producer;
    private final ObjectMapper json;

    public HubSeed(ReferenceRetailer retailer, IdRegistry registry, ProducerTemplate producer, ObjectMapper json) {
        this.retailer = retailer;
        this.registry = registry;
        this.producer = producer;
        this.json = json;
    }

    /** In the background: the hub is ready meanwhile, and the counts flow like any other source's. */
    @EventListener(ApplicationReadyEvent.class)
    public void start() {
        Thread seeding = new Thread(this::seed, "hub-seed");
        seeding.setDaemon(true);
        seeding.start();
    }

    void seed() {
        ReferenceRetailer.Variant first = retailer.variants().get(0);
        if (registry.find("square", "sku", first.squareVariationId()).isPresent()) {
            log.info("Hub already seeded with the reference retailer (seed {})", retailer.seed());
            return;
        }
        retailer.locations().forEach(l -> registry.link("shopify", "location", Long.toString(l.shopifyId()), l.id()));
        int counts = 0;
        for (ReferenceRetailer.Variant variant : retailer.variants()) {
            registry.link("square", "sku", variant.squareVariationId(), variant.sku());
            registry.link("shopify", "inventory-item", Long.toString(variant.shopifyInventoryItemId()), variant.sku());
            registry.link("bol", "offer", variant.bolOfferId(), variant.sku());
            for (Map.Entry<String, Integer> stock : variant.onHand().entrySet()) {
                Exception failed = publishCount(variant.sku(), stock.getKey(), stock.getValue());
                if (failed != null) {
                    log.warn("Seeding stopped after {} opening counts: {}", counts, failed.toString());
                    return;
                }
                counts++;
            }
        }
        log.info("Seeded the hub with the reference retailer (seed {}): {} SKUs linked, {} opening counts",
                retailer.seed(), retailer.variants().size(), counts);
    }

    private Exception publishCount(String sku, String location, int onHand) {
        Map<String, Object> level = new LinkedHashMap<>();
        level.put("id", sku + "@" + location);
        level.put("sku", sku);
        level.put("locationId", location);
        level.put("onHand", onHand);
        level.put("updatedAt", OPENING.toString());
        String key = sku + "@" + location;
        String source = "/omnihub/sandbox/seed-" + retailer.seed();
        return producer.send("kamelet:omnihub-events-sink", exchange -> {
            exchange.getMessage().setHeader(CloudEvents.ENTITY, "inventory-level");
            exchange.getMessage().setHeader(CloudEvents.KEY, key);
            exchange.getMessage().setHeader(CloudEvents.SOURCE, source);
            exchange.getMessage().setHeader(CloudEvents.EVENT_ID,
                    UUID.nameUUIDFromBytes((source + "/" + key).getBytes(StandardCharsets.UTF_8)).toString());
            exchange.getMessage().setBody(json.writeValueAsBytes(level));
            exchange.setProperty("correlationId", UUID.randomUUID().toString());
        }).getException();
    }
}
