package io.omnihub.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for hubs a test starts in another process and must find again after a restart.
 *
 * <p>The port is taken below the kernel's ephemeral range: a port from that range ({@code new
 * ServerSocket(0)}) can be handed to any outgoing connection while the hub is down (the test's own
 * readiness polls, the shared hub's Kafka and HTTP clients), and the restarted hub then fails to
 * bind it.
 */
public final class LoopbackPorts {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 20_000;

    private LoopbackPorts() {
    }

    /** A port on 127.0.0.1 that is free now and outside the ephemeral range. */
    public static int unused() {
        int below = firstEphemeral();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("No free port on 127.0.0.1 between " + LOWEST + " and " + below);
    }

    private static int firstEphemeral() {
        try {
            int first = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
            return first > LOWEST + 1_000 ? first : 32_768;
        } catch (IOException | RuntimeException notLinux) {
            return 32_768; // Linux's default; other systems start theirs higher
        }
    }
}
