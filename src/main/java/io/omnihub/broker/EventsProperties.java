package io.omnihub.broker;

import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The canonical event topics.
 *
 * @param entities          canonical entities, each with a topic {@code omnihub.<entity>.v1}
 * @param partitions        partitions per topic; a key (canonical id) always lands on one
 * @param replicationFactor replicas per topic on a real cluster (the embedded broker always uses 1)
 */
@Validated
@ConfigurationProperties("omnihub.events")
public record EventsProperties(
        @NotEmpty List<@Pattern(regexp = "[a-z][a-z0-9-]{0,40}") String> entities,
        @DefaultValue("3") @Min(1) int partitions,
        @DefaultValue("3") @Min(1) short replicationFactor) {

    public boolean knows(String entity) {
        return entities.contains(entity);
    }
}
