package io.omnihub.outbound.spi;

/** How one call to a target ended, as outbound_call records it. */
public enum CallOutcome {
    /** The target applied the changes. */
    ACKNOWLEDGED,
    /** The target took the changes to process later (bol.com: a process status to follow). */
    ACCEPTED,
    /** Followed a process status that is not done yet. */
    PENDING,
    /** A read that answered (what the target holds). */
    READ,
    /** The target said to slow down (429, THROTTLED). */
    THROTTLED,
    /** The compare-and-set failed: the target holds something else than the hub thought (Shopify). */
    STALE,
    /** The target refused the request or a change of it for good. */
    REJECTED,
    /** 5xx, or no answer at all (timeout, refused connection). */
    ERROR
}
