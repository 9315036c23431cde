package io.omnihub.sandbox.erp;

import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the ERP sandbox ({@code omnihub.sandbox.erp.*}).
 *
 * @param port           the admin API's port on 127.0.0.1 (0 = a free port)
 * @param jobInterval    pause between two cycles of the simulated ERP job; 0 switches the schedule
 *                       off (cycles then run only through {@code POST /_sandbox/job/run})
 * @param orderBatchSize order rows one job cycle claims at most
 * @param timeZone       the ERP's local time zone: booked_at and ordered_at are local time in it
 */
@ConfigurationProperties("omnihub.sandbox.erp")
public record ErpSandboxProperties(
        @DefaultValue("18084") int port,
        @DefaultValue("30s") Duration jobInterval,
        @DefaultValue("100") int orderBatchSize,
        @DefaultValue("Europe/Amsterdam") ZoneId timeZone) {
}
