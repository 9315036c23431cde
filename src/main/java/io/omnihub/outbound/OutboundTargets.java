package io.omnihub.outbound;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import io.omnihub.outbound.spi.ClientSupport;
import io.omnihub.outbound.spi.Target;
import io.omnihub.outbound.spi.TargetClient;

/**
 * The target accounts this hub delivers to (those with a base URL), each with its client and
 * dispatcher. Starts once the database is migrated; at start, leases this hub's previous run held
 * are given back so its unfinished deliveries go again at once.
 */
public final class OutboundTargets implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboundTargets.class);

    private final Map<String, TargetDispatcher> bySystem = new LinkedHashMap<>();
    private final OutboundProperties settings;
    private final DeliveryPositions positions;
    private volatile boolean running;

    OutboundTargets(OutboundProperties settings, List<TargetClient> clients, ClientSupport support,
            DeliveryPositions positions, DeadLetters deadLetters, OutboundMetrics metrics, TransactionTemplate transaction) {
        this.settings = settings;
        this.positions = positions;
        for (TargetClient client : clients) {
            var dispatcher = new TargetDispatcher(client, positions, deadLetters, metrics, transaction,
                    support.scheduler(), support.work(), settings);
            bySystem.put(client.target().system(), dispatcher);
            metrics.deadLetters(client.target(), deadLetters, d -> d.openCount(client.target()));
        }
        log.info("Outbound delivery to {}", bySystem.isEmpty() ? "no target (no base URL set)" : targets());
    }

    /** A target by system (shopify) or account id (shopify/omnihub-outdoor). */
    public Optional<Target> target(String name) {
        if (name == null) {
            return Optional.empty();
        }
        TargetDispatcher dispatcher = bySystem.get(name.contains("/") ? name.substring(0, name.indexOf('/')) : name);
        return Optional.ofNullable(dispatcher).map(d -> d.client().target())
                .filter(t -> !name.contains("/") || t.id().equals(name));
    }

    public Collection<Target> targets() {
        return bySystem.values().stream().map(d -> d.client().target()).toList();
    }

    TargetClient client(Target target) {
        return bySystem.get(target.system()).client();
    }

    @Override
    public void start() {
        int released = positions.releaseAll(settings.instanceId());
        if (released > 0) {
            log.info("Outbound: {} keys left mid-delivery by the previous run go again", released);
        }
        bySystem.values().forEach(TargetDispatcher::start);
        running = true;
    }

    @Override
    public void stop() {
        bySystem.values().forEach(TargetDispatcher::stop);
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

}
