package io.omnihub.sandbox;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The outdoor retailer of ../shared/design/SCENARIOS.md as every sandbox knows it: three stores and
 * one warehouse, products with variants, SKUs and EANs, prices and stock, each with the id every
 * platform gives it. Generated from a seed, so the same seed gives the same retailer in every
 * sandbox, every run. The first few items are the ones the mapping fixtures use, with the same ids.
 */
public final class ReferenceRetailer {

    public enum LocationKind { STORE, WAREHOUSE }

    /** A place that holds stock, with its canonical id and its id in each system. */
    public record Location(String id, String name, LocationKind kind, String city,
            String squareId, long shopifyId, String erpCode) {
    }

    /** A sellable item (one SKU). Stock is on hand per canonical location id. */
    public record Variant(String sku, String ean, String productCode, String title, String option,
            BigDecimal price, int vatRate, long shopifyVariantId, long shopifyInventoryItemId,
            String squareVariationId, String bolOfferId, Map<String, Integer> onHand) {
    }

    public record Product(String code, String title, String category, long shopifyProductId, List<Variant> variants) {
    }

    private record Family(String code, String title, String category, int basePrice, List<String> options) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("TENT", "Tent", "camping", 189, List.of("2P", "3P", "4P")),
            new Family("JKT", "Rain jacket", "clothing", 129, List.of("S", "M", "L", "XL")),
            new Family("BOOT", "Hiking boot", "footwear", 149, List.of("40", "42", "44", "46")),
            new Family("PACK", "Backpack", "bags", 99, List.of("28L", "38L")),
            new Family("SLBG", "Sleeping bag", "camping", 119, List.of("REG", "LONG")),
            new Family("FLC", "Fleece", "clothing", 69, List.of("S", "M", "L")),
            new Family("LAMP", "Head torch", "gear", 39, List.of("STD")),
            new Family("STOVE", "Camping stove", "camping", 59, List.of("STD")),
            new Family("POLE", "Trekking poles", "gear", 79, List.of("ALU", "CARB")),
            new Family("BTL", "Water bottle", "gear", 19, List.of("0.5L", "1L")));

    private static final List<Location> LOCATIONS = List.of(
            new Location("UTR-01", "Utrecht Oudegracht", LocationKind.STORE, "Utrecht", "L8RWN7ZDWRXKX", 71234560001L, "VST-020"),
            new Location("AMS-01", "Amsterdam Kalverstraat", LocationKind.STORE, "Amsterdam", "LQ2M9B4TDN6HA", 71234560002L, "VST-010"),
            new Location("RTM-01", "Rotterdam Lijnbaan", LocationKind.STORE, "Rotterdam", "LZ7K1P0XWS3VC", 71234560003L, "VST-030"),
            new Location("DC-NL", "Distributiecentrum Tilburg", LocationKind.WAREHOUSE, "Tilburg", null, 71234560004L, "DC-01"));

    private static final String SQUARE_ID_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

    private final long seed;
    private final List<Product> products;
    private final Map<String, Variant> bySku;

    private ReferenceRetailer(long seed, List<Product> products) {
        this.seed = seed;
        this.products = List.copyOf(products);
        this.bySku = products.stream().flatMap(p -> p.variants().stream())
                .collect(Collectors.toMap(Variant::sku, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }

    /** The retailer for a seed, with at least {@code productCount} products. */
    public static ReferenceRetailer generate(long seed, int productCount) {
        var random = new SplittableRandom(seed);
        var products = new ArrayList<Product>();
        var builder = new Builder(seed, random);
        builder.begin("TR2-LW", "Trailrunner 2 Lightweight");
        products.add(builder.product("footwear", List.of(
                builder.known("TR2-LW-GRN", "8712345001018", "Green", "119.95", 21, 44120341102646L, "FGQ5HJXZQJ4NW5RJ3VKQAMLB",
                        "6ff736b5-cdd0-4150-8c67-78269ee986f5"),
                builder.known("TR2-LW-ORG", "8712345001025", "Orange", "119.95", 21, 44120341135414L, "W3ZJ5A6XKQH2YV7TPL4BNC2E",
                        null))));
        builder.begin("SOCK-MW", "Merino hiking sock");
        products.add(builder.product("clothing", List.of(
                builder.known("SOCK-MW-39", "8712345004200", "39", "17.95", 21, 0, null, null),
                builder.known("SOCK-MW-42", "8712345004217", "42", "17.95", 21, 0, "PX4N8D2RKLQ7ZC1VWM5JTB6H",
                        "0b4b4e8c-2b0e-4a8b-9c1e-7d3f5a6b8c9d"),
                builder.known("SOCK-MW-45", "8712345004224", "45", "17.95", 21, 0, null, null))));
        builder.begin("BOOK-WADDEN", "Walking the Wadden Islands (guide book)");
        products.add(builder.product("books", List.of(
                builder.known("BOOK-WADDEN", "8712345006211", "Default", "24.50", 9, 0, null, null))));
        for (int i = products.size(); i < productCount; i++) {
            Family family = FAMILIES.get(i % FAMILIES.size());
            String code = family.code() + "-" + String.format("%03d", i);
            String title = family.title() + " " + MODEL_NAMES[random.nextInt(MODEL_NAMES.length)] + " " + i;
            BigDecimal price = BigDecimal.valueOf(family.basePrice() + random.nextInt(40)).add(new BigDecimal("0.95"));
            builder.begin(code, title);
            List<Variant> variants = family.options().stream()
                    .map(option -> builder.generated(code + "-" + option.replace(".", ""), option, price))
                    .toList();
            products.add(builder.product(family.category(), variants));
        }
        return new ReferenceRetailer(seed, products);
    }

    private static final String[] MODEL_NAMES = {"Alpen", "Duin", "Veluwe", "Kust", "Polder", "Heide", "Wadden", "Eifel"};

    public long seed() {
        return seed;
    }

    public List<Location> locations() {
        return LOCATIONS;
    }

    public List<Location> stores() {
        return LOCATIONS.stream().filter(l -> l.kind() == LocationKind.STORE).toList();
    }

    public Location warehouse() {
        return LOCATIONS.stream().filter(l -> l.kind() == LocationKind.WAREHOUSE).findFirst().orElseThrow();
    }

    public Optional<Location> location(String id) {
        return LOCATIONS.stream().filter(l -> l.id().equals(id)).findFirst();
    }

    public List<Product> products() {
        return products;
    }

    /** All variants, in catalogue order. */
    public List<Variant> variants() {
        return List.copyOf(bySku.values());
    }

    public Optional<Variant> variant(String sku) {
        return Optional.ofNullable(bySku.get(sku));
    }

    /** Builds items with ids that never collide: known ones as given, generated ones numbered after them. */
    private static final class Builder {
        private final long seed;
        private final SplittableRandom random;
        private int productIndex;
        private int variantIndex;
        private String productCode;
        private String productTitle;

        Builder(long seed, SplittableRandom random) {
            this.seed = seed;
            this.random = random;
        }

        /** Starts the product whose variants are built next. */
        void begin(String code, String title) {
            productCode = code;
            productTitle = title;
        }

        Product product(String category, List<Variant> variants) {
            productIndex++;
            return new Product(productCode, productTitle, category, 8_100_000_000_000L + productIndex, variants);
        }

        Variant known(String sku, String ean, String option, String price, int vat, long inventoryItemId,
                String squareId, String bolOfferId) {
            return variant(sku, ean, option, new BigDecimal(price), vat, inventoryItemId, squareId, bolOfferId);
        }

        Variant generated(String sku, String option, BigDecimal price) {
            String ean = withCheckDigit("8712345" + String.format("%05d", 10_000 + variantIndex));
            return variant(sku, ean, option, price, 21, 0, null, null);
        }

        private Variant variant(String sku, String ean, String option, BigDecimal price, int vat, long inventoryItemId,
                String squareId, String bolOfferId) {
            variantIndex++;
            Map<String, Integer> onHand = new LinkedHashMap<>();
            for (Location location : LOCATIONS) {
                boolean store = location.kind() == LocationKind.STORE;
                // a quarter of store positions are sold out, so "last unit" cases exist from the start
                int quantity = store ? (random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(12)) : random.nextInt(150);
                onHand.put(location.id(), quantity);
            }
            String title = "Default".equals(option) ? productTitle : productTitle + " - " + option;
            return new Variant(sku, ean, productCode, title, option, price, vat,
                    45_000_000_000_000L + variantIndex,
                    inventoryItemId != 0 ? inventoryItemId : 44_200_000_000_000L + variantIndex,
                    squareId != null ? squareId : squareId(),
                    bolOfferId != null ? bolOfferId : UUID.nameUUIDFromBytes((seed + ":" + sku).getBytes(StandardCharsets.UTF_8)).toString(),
                    Collections.unmodifiableMap(onHand));
        }

        private String squareId() {
            var id = new StringBuilder(24);
            for (int i = 0; i < 24; i++) {
                id.append(SQUARE_ID_CHARS.charAt(random.nextInt(SQUARE_ID_CHARS.length())));
            }
            return id.toString();
        }

        /** GS1 check digit: weights 1 and 3 from the left over the first 12 digits. */
        static String withCheckDigit(String twelveDigits) {
            int sum = 0;
            for (int i = 0; i < 12; i++) {
                sum += (twelveDigits.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
            }
            return twelveDigits + (10 - sum % 10) % 10;
        }
    }
}
