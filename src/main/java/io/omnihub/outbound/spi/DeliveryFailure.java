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

    /** The attempts a failed request took: a {@link DeliveryFailure}'s count (also wrapped), else 1. */
    public static int attemptsOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof DeliveryFailure failure) {
                return failure.attempts;
            }
        }
        return 1;
    }
}
