package io.omnihub.support;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import io.omnihub.outbound.OutboundProperties;
import io.omnihub.outbound.OutboundProperties.Bol;
import io.omnihub.outbound.OutboundProperties.Shopify;
import io.omnihub.outbound.OutboundProperties.Square;
import io.omnihub.sandbox.bol.BolSandbox;
import io.omnihub.sandbox.shopify.ShopifySandbox;
import io.omnihub.sandbox.square.SquareSandbox;

/**
 * In tests the sandboxes listen on free ports, so the outbound targets (which default to the
 * sandboxes' fixed ports) are pointed at the running sandboxes once they are up. Test code only:
 * found by the hub's component scan in test runs; does nothing where no sandbox runs (prod).
 */
@Configuration(proxyBeanMethods = false)
@Profile("!prod")
class SandboxOutboundTargets {

    @Bean
    static BeanPostProcessor outboundTargetsAtSandboxes(ObjectProvider<ShopifySandbox> shopify,
            ObjectProvider<BolSandbox> bol, ObjectProvider<SquareSandbox> square) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof OutboundProperties o)) {
                    return bean;
                }
                ShopifySandbox shop = shopify.getIfAvailable();
                BolSandbox marketplace = bol.getIfAvailable();
                SquareSandbox till = square.getIfAvailable();
                Shopify s = o.shopify();
                Bol b = o.bol();
                Square q = o.square();
                return new OutboundProperties(o.coalesceWindow(), o.threads(), o.lease(), o.instanceId(), o.retry(),
                        shop == null ? s : new Shopify(s.account(), s.channel(), shop.baseUrl(), s.apiVersion(),
                                s.accessToken(), s.batchSize(), s.readBatchSize(), s.staleRounds(), s.maxInFlight(), s.timeout()),
                        marketplace == null ? b : new Bol(b.account(), b.channel(), marketplace.baseUrl(),
                                marketplace.baseUrl() + "/token", b.clientId(), b.clientSecret(), b.rateWindow(), b.rateUse(),
                                b.stockRate(), b.statusRate(), b.maxInFlight(), b.firstStatusPoll(), b.statusPollEvery(),
                                b.statusTimeout(), b.timeout()),
                        // Square is off unless configured (the till's echo of the hub's writes): only then redirected
                        till == null || !q.enabled() ? q : new Square(q.account(), q.channel(), till.baseUrl(), q.accessToken(),
                                q.squareVersion(), q.batchSize(), q.rate(), q.maxInFlight(), q.timeout()));
            }
        };
    }
}
