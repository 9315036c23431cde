package io.omnihub.sandbox.shopify;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

import graphql.schema.DataFetcher;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;

import io.omnihub.sandbox.shopify.ShopifyOrder.Customer;
import io.omnihub.sandbox.shopify.ShopifyOrder.LineItem;

/**
 * Resolves orders: the {@code orders} list with its search query and sort keys, the lookup by id,
 * and the money fields, which Shopify gives as a MoneyBag in shop and presentment currency (the
 * same here: one currency).
 */
final class OrderFetchers {

    public record MoneyV2(BigDecimal amount, String currencyCode) {
    }

    public record MoneyBag(MoneyV2 shopMoney, MoneyV2 presentmentMoney) {
    }

    public record EmailAddress(String emailAddress) {
    }

    private final ShopifyState state;
    private final Connections connections;
    private final ZoneId shopZone;

    OrderFetchers(ShopifyState state, Connections connections, ZoneId shopZone) {
        this.state = state;
        this.connections = connections;
        this.shopZone = shopZone;
    }

    void wire(RuntimeWiring.Builder wiring) {
        wiring.type("QueryRoot", type -> type
                .dataFetcher("orders", this::orders)
                .dataFetcher("order", env -> state.order(env.getArgument("id")).orElse(null)));
        wiring.type("Order", type -> type
                .dataFetcher("processedAt", env -> env.<ShopifyOrder>getSource().createdAt())
                .dataFetcher("taxesIncluded", env -> true)
                .dataFetcher("displayFinancialStatus", env -> "PAID")
                .dataFetcher("displayFulfillmentStatus", env -> "UNFULFILLED")
                .dataFetcher("subtotalPriceSet", money(ShopifyOrder::subtotal))
                .dataFetcher("totalDiscountsSet", money(ShopifyOrder::totalDiscounts))
                .dataFetcher("totalShippingPriceSet", money((ShopifyOrder order) -> order.shippingLine().price()))
                .dataFetcher("totalTaxSet", money(ShopifyOrder::totalTax))
                .dataFetcher("totalPriceSet", money(ShopifyOrder::totalPrice))
                .dataFetcher("lineItems", env -> connections.page(env, env.<ShopifyOrder>getSource().lineItems(),
                        LineItem::legacyResourceId)));
        wiring.type("LineItem", type -> type
                .dataFetcher("originalUnitPriceSet", money(LineItem::price))
                .dataFetcher("originalTotalSet", money(LineItem::total))
                .dataFetcher("discountedTotalSet", money(LineItem::total)));
        wiring.type("Customer", type -> type
                .dataFetcher("defaultEmailAddress", env -> new EmailAddress(env.<Customer>getSource().email())));
    }

    private Object orders(DataFetchingEnvironment env) {
        ToLongFunction<ShopifyOrder> sortValue = switch (env.<String>getArgument("sortKey")) {
            case "CREATED_AT", "PROCESSED_AT" -> order -> order.createdAt().toEpochMilli();
            case "UPDATED_AT" -> order -> order.updatedAt().toEpochMilli();
            default -> ShopifyOrder::legacyResourceId;
        };
        Map<String, Function<SearchQuery.Term, Optional<Predicate<ShopifyOrder>>>> fields = Map.of(
                "created_at", moment(ShopifyOrder::createdAt),
                "processed_at", moment(ShopifyOrder::createdAt),
                "updated_at", moment(ShopifyOrder::updatedAt));
        List<ShopifyOrder> orders = state.orders().stream()
                .filter(SearchQuery.parse(env.getArgument("query")).filter(fields)).toList();
        return connections.page(env, orders, ShopifyOrder::legacyResourceId, sortValue);
    }

    /** A date term on one of the order's moments; a value that is no date keeps every order. */
    private Function<SearchQuery.Term, Optional<Predicate<ShopifyOrder>>> moment(Function<ShopifyOrder, Instant> of) {
        return term -> term.instant(shopZone).map(at -> order -> term.compares(of.apply(order).compareTo(at)));
    }

    private <T> DataFetcher<MoneyBag> money(Function<T, BigDecimal> amount) {
        return env -> {
            var money = new MoneyV2(amount.apply(env.getSource()), state.currency());
            return new MoneyBag(money, money);
        };
    }
}
