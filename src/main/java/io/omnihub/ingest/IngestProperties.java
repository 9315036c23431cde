package io.omnihub.ingest;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The HTTP ingest endpoint.
 *
 * @param maxBodySize largest record accepted (413 above it); kept under Kafka's default 1 MiB
 *                    record limit so an accepted record can always be published
 */
@ConfigurationProperties("omnihub.ingest")
public record IngestProperties(@DefaultValue("512KB") DataSize maxBodySize) {
}
