package io.omnihub.outbound.spi;

/**
 * One account on one platform that the hub delivers to, and the channel it serves.
 * {@link #id()} ({@code <system>/<account>}) names it in tables, metrics and logs.
 */
public record Target(String system, String account, String channel) {

    public String id() {
        return system + "/" + account;
    }

    @Override
    public String toString() {
        return id();
    }
}
