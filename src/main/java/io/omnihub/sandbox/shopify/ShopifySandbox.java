package io.omnihub.sandbox.shopify;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omnihub.sandbox.CallLog;
import io.omnihub.sandbox.Faults;
import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxProperties;
import io.omnihub.sandbox.SandboxServer;
import io.omnihub.sandbox.StockHistory;

/**
 * The Shopify sandbox: the Admin GraphQL API of one shop on its own port, seeded from the reference
 * retailer, with the cost bucket, fault switches, call log, webhooks to the hub, and the admin API
 * under {@code /_sandbox/}. See docs/connectors/shopify.md.
 */
public final class ShopifySandbox implements AutoCloseable {

    /** The vendor of every product: the retailer's own brand. */
    static final String VENDOR = "Omnihub Outdoor";

    private final SandboxServer server;
    private final ShopifyState state;
    private final ShopifyWebhooks webhooks;
    private final ShopifySandboxProperties settings;

    private ShopifySandbox(SandboxServer server, ShopifyState state, ShopifyWebhooks webhooks,
            ShopifySandboxProperties settings) {
        this.server = server;
        this.state = state;
        this.webhooks = webhooks;
        this.settings = settings;
    }

    public static ShopifySandbox start(ShopifySandboxProperties settings, SandboxProperties common,
            ReferenceRetailer retailer, Clock clock) {
        var json = new ObjectMapper();
        var catalog = new ShopifyCatalog(retailer, VENDOR);
        var payloads = new RestPayloads(json, settings.zone(), catalog);
        var bucket = new CostBucket(settings.bucketSize(), settings.restoreRate(), clock);
        var faults = new Faults(new ShopifyPlatformErrors(bucket, json));
        var calls = new CallLog(common.callLogCapacity(), clock);
        ShopifyWebhooks webhooks = settings.webhookUrl().isBlank()
                ? null : new ShopifyWebhooks(settings, faults, payloads, json, clock);
        var stock = new StockHistory(common.callLogCapacity(), clock);
        var events = (webhooks == null ? ShopifyState.Events.NONE : webhooks).recordingAvailable(stock);
        var state = new ShopifyState(catalog, retailer, clock, events,
                settings.currency(), settings.shippingPrice(), settings.firstOrderNumber());
        List<Object> beans = new ArrayList<>(List.of(settings, state, payloads, bucket, stock,
                new ShopifyGraphQl(state, settings, bucket)));
        if (webhooks != null) {
            beans.add(webhooks.dispatcher());
        }
        try {
            var server = SandboxServer.start("shopify", settings.port(), faults, calls, beans,
                    ShopifyGraphQlController.class, ShopifySandboxAdminController.class);
            return new ShopifySandbox(server, state, webhooks, settings);
        } catch (RuntimeException e) {
            if (webhooks != null) {
                webhooks.close();
            }
            throw e;
        }
    }

    public int port() {
        return server.port();
    }

    /** http://127.0.0.1:port, without a trailing slash. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** The GraphQL endpoint of the pinned API version. */
    public String graphQlUrl() {
        return baseUrl() + "/admin/api/" + settings.apiVersion() + "/graphql.json";
    }

    public ShopifyState state() {
        return state;
    }

    @Override
    public void close() {
        server.close();
        if (webhooks != null) {
            webhooks.close();
        }
    }
}
