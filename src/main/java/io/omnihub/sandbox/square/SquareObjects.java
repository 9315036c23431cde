package io.omnihub.sandbox.square;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Square's objects as its API writes them: snake_case names, absent fields left out, quantities as
 * decimal strings, money in the smallest currency unit, timestamps in UTC with milliseconds.
 */
final class SquareObjects {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private SquareObjects() {
    }

    static String timestamp(Instant instant) {
        return TIMESTAMP.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** "5", "2.5", "0": Square's decimal strings carry no trailing zeros. */
    static String quantity(BigDecimal quantity) {
        return quantity.stripTrailingZeros().toPlainString();
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Location(String id, String name, Address address, String timezone, String status, String merchantId,
            String country, String languageCode, String currency, String type) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Address(String locality, String country) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record InventoryCount(String catalogObjectId, String catalogObjectType, String state, String locationId,
            String quantity, String calculatedAt) {
    }

    /** Where a change came from: {@code SQUARE_POS} for a till sale, {@code EXTERNAL_API} for an app. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Source(String product, String name) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InventoryChange(String type, PhysicalCount physicalCount, Adjustment adjustment) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PhysicalCount(String id, String catalogObjectId, String catalogObjectType, String state, String locationId,
            String quantity, Source source, String occurredAt, String createdAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Adjustment(String id, String fromState, String toState, String locationId, String catalogObjectId,
            String catalogObjectType, String quantity, Source source, String occurredAt, String createdAt) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Money(long amount, String currency) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record LineItem(String uid, String catalogObjectId, String name, String variationName, String quantity,
            Money basePriceMoney, Money totalMoney) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Order(String id, String locationId, Source source, List<LineItem> lineItems, String state, int version,
            Money totalMoney, String createdAt, String updatedAt, String closedAt) {
    }

    /** A webhook notification; {@code data.object} holds the event's object under its own key. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Notification(String merchantId, String type, String eventId, String createdAt, EventData data) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record EventData(String type, String id, Object object) {
    }

    /** {@code data.object.order_created} of an order.created notification. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record OrderCreated(String orderId, String locationId, String state, int version, String createdAt) {
    }
}
