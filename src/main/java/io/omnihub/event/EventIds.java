package io.omnihub.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Event ids the hub derives from a name, so a record published again after a crash carries the same
 * id and its consumers apply it once, that still begin with a time: the time of a time-ordered id
 * the event belongs to (the door's correlation id of a webhook, the id of the event an availability
 * change follows from). Events minted together then sit together in every index on event_id
 * instead of each landing on a random page, which is what a database pays for at each commit
 * (ADR 0012).
 */
public final class EventIds {

    private EventIds() {
    }

    /**
     * The id of the event called {@code name}: a UUID of version 8 (RFC 9562) with the 48-bit
     * millisecond time of {@code anchor}, a UUID of version 7 or 8, and 74 bits of the name's SHA-256
     * after it. The same anchor and name give the same id. When the anchor carries no time (it is not
     * such a UUID), the name-based UUID of version 3 the hub used before.
     */
    public static String named(String anchor, String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        Long time = timeOf(anchor);
        if (time == null) {
            return UUID.nameUUIDFromBytes(bytes).toString();
        }
        ByteBuffer hash = ByteBuffer.wrap(sha256(bytes));
        long high = time << 16 | 0x8000L | hash.getShort() & 0x0FFFL;
        long low = hash.getLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low).toString();
    }

    /** The millisecond time a UUID of version 7 or 8 begins with; null for anything else. */
    static Long timeOf(String id) {
        if (id == null || id.length() != 36) {
            return null;
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return uuid.version() == 7 || uuid.version() == 8 ? uuid.getMostSignificantBits() >>> 16 : null;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
