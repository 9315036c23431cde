package io.omnihub.stock;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Locations and sales channels as the integration engineer keeps them in {@code mappings/channels.yaml}:
 * which locations serve a channel, whether the channel keeps stock per location, and its safety stock.
 * Spring validates it at start-up and names the file, line and setting of a mistake.
 */
@Validated
@ConfigurationProperties("omnihub.stock")
public record ChannelsProperties(@NotEmpty Map<String, @Valid Location> locations, @NotEmpty Map<String, @Valid Channel> channels) {

    public ChannelsProperties {
        channels.forEach((code, channel) -> {
            if (!code.matches("[a-z][a-z0-9-]{1,40}")) {
                throw new IllegalArgumentException("omnihub.stock.channels." + code
                        + ": a channel code is lower case letters, digits and '-' (as in the canonical schemas)");
            }
            for (int i = 0; i < channel.locations().size(); i++) {
                if (!locations.containsKey(channel.locations().get(i))) {
                    throw new IllegalArgumentException("omnihub.stock.channels." + code + ".locations[" + i + "]: unknown location '"
                            + channel.locations().get(i) + "'; known: " + locations.keySet());
                }
            }
        });
    }

    /** A store or a warehouse. */
    public record Location(@NotNull @Pattern(regexp = "store|warehouse") String type) {
    }

    /** A channel: where its stock comes from and what it keeps back. */
    public record Channel(@NotEmpty List<String> locations, @DefaultValue("false") boolean perLocation,
            @NotNull @Valid SafetyStock safetyStock) {
    }

    /** Units kept back per SKU; the first group whose prefix matches the SKU wins over the default. */
    public record SafetyStock(@PositiveOrZero int units, @DefaultValue List<@Valid Group> groups) {

        int unitsFor(String sku) {
            return groups.stream().filter(g -> sku.startsWith(g.skuPrefix())).findFirst().map(Group::units).orElse(units);
        }
    }

    /** A SKU group, named by the prefix its SKUs share. */
    public record Group(@NotEmpty String skuPrefix, @PositiveOrZero int units) {
    }
}
