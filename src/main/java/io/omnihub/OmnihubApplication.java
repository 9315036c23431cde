package io.omnihub;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Omnihub: Camel flows from routes/, Kamelets from connectors/, mappings from mappings/. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OmnihubApplication {

    public static void main(String[] args) {
        SpringApplication.run(OmnihubApplication.class, args);
    }
}
