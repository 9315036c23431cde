package io.omnihub.outbound.spi;

/** A request that was never answered for good within its attempts (or its time throttled). */
public class DeliveryFailure extends RuntimeException {

    private final int attempts;

    public DeliveryFailure(String message, int attempts) {
        super(message, null, false, false);
        this.attempts = attempts;
    }

    public int attempts() {
        return attempts;
    }
}
