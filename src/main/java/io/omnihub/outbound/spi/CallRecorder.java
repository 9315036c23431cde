package io.omnihub.outbound.spi;

/** Keeps every call's outcome (table outbound_call, metrics). */
public interface CallRecorder {

    /** Stores the call against the changes it carried; answers the call's id. */
    long record(Call call);
}
