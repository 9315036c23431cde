package io.omnihub.outbound;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.omnihub.mapping.Mappings;
import io.omnihub.outbound.spi.ClientSupport;
import io.omnihub.outbound.spi.TargetClient;
import io.omnihub.outbound.bol.BolStockClient;
import io.omnihub.outbound.shopify.ShopifyInventoryClient;
import io.omnihub.outbound.square.SquareInventoryClient;
import io.omnihub.xref.IdRegistry;

/** One client per platform whose target has a base URL, on the threads all targets share. */
@Configuration(proxyBeanMethods = false)
class OutboundConfiguration {

    @Bean(destroyMethod = "close")
    ClientSupport outboundClientSupport(OutboundProperties settings, OutboundCalls calls, Mappings mappings,
            IdRegistry registry, MeterRegistry meters) {
        return new ClientSupport(settings.threads(), settings.retry(), calls, mappings, registry, meters);
    }

    @Bean
    OutboundTargets outboundTargets(OutboundProperties settings, ClientSupport support, DeliveryPositions positions,
            DeadLetters deadLetters, OutboundMetrics metrics, PlatformTransactionManager transactions) {
        List<TargetClient> clients = new ArrayList<>();
        if (settings.shopify().enabled()) {
            clients.add(new ShopifyInventoryClient(settings.shopify(), support));
        }
        if (settings.bol().enabled()) {
            clients.add(new BolStockClient(settings.bol(), support));
        }
        if (settings.square().enabled()) {
            clients.add(new SquareInventoryClient(settings.square(), support));
        }
        return new OutboundTargets(settings, clients, support, positions, deadLetters, metrics,
                new TransactionTemplate(transactions));
    }
}
