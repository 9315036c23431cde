package io.omnihub.sandbox.erp;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.omnihub.sandbox.ReferenceRetailer;
import io.omnihub.sandbox.SandboxEnabled;
import io.omnihub.sandbox.SandboxProperties;

/**
 * The ERP sandbox in the default run. Its tables go into schema erp of the hub's own database, so
 * nothing more needs to run; a real ERP is a separate database the hub reaches through a second
 * DataSource.
 */
@Configuration(proxyBeanMethods = false)
@SandboxEnabled
public class ErpSandboxConfiguration {

    @Bean(destroyMethod = "close")
    ErpSandbox erpSandbox(ErpSandboxProperties settings, SandboxProperties common, ReferenceRetailer retailer,
            DataSource dataSource) {
        return ErpSandbox.start(settings, common, retailer, Clock.systemUTC(), dataSource);
    }
}
