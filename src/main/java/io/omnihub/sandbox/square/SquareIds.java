package io.omnihub.sandbox.square;

import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Ids in Square's shapes, drawn from the retailer's seed so a run is repeatable: inventory change
 * ids (24 upper-case letters and digits), order ids (29 letters and digits) and event ids (UUIDs).
 */
final class SquareIds {

    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    private static final String MIXED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private final SplittableRandom random;

    SquareIds(long seed) {
        // a stream of its own, so these ids never disturb the catalogue drawn from the same seed
        this.random = new SplittableRandom(seed ^ 0x5155415245L);
    }

    synchronized String changeId() {
        return draw(UPPER, 24);
    }

    synchronized String orderId() {
        return draw(MIXED, 29);
    }

    synchronized String lineItemUid() {
        return draw(MIXED, 22);
    }

    /** A version-4-shaped UUID from the seeded stream. */
    synchronized String uuid() {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    private String draw(String alphabet, int length) {
        var id = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            id.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return id.toString();
    }
}
