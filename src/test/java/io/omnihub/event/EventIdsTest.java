package io.omnihub.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omnihub.correlation.CorrelationIds;

class EventIdsTest {

    @Test
    void aNamedIdIsTheSameForTheSameAnchorAndNameAndBeginsWithTheAnchorsTime() {
        String anchor = CorrelationIds.newId();

        String id = EventIds.named(anchor, "/omnihub/webhooks/square/main/evt-1#0");

        assertThat(EventIds.named(anchor, "/omnihub/webhooks/square/main/evt-1#0")).isEqualTo(id);
        assertThat(EventIds.named(anchor, "/omnihub/webhooks/square/main/evt-1#1")).isNotEqualTo(id);
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(8);
        assertThat(uuid.variant()).isEqualTo(2);
        // the first 48 bits, 12 hex digits, are the anchor's millisecond time
        assertThat(id.replace("-", "").substring(0, 12)).isEqualTo(anchor.replace("-", "").substring(0, 12));
        assertThat(EventIds.timeOf(id)).isEqualTo(EventIds.timeOf(anchor));
    }

    @Test
    void idsNamedAfterLaterAnchorsSortAfterEarlierOnes() throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            ids.add(EventIds.named(CorrelationIds.newId(), "event " + (50 - i)));
            Thread.sleep(2);
        }

        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(ids).isSorted();
    }

    @Test
    void anAnchorWithoutATimeGivesTheNameBasedIdOfVersion3() {
        String name = "/omnihub/erp/stock_booking_out/erp/VST-020/3#event";

        for (String anchor : new String[] {null, "", "not-a-uuid", UUID.randomUUID().toString(),
                UUID.nameUUIDFromBytes("x".getBytes(StandardCharsets.UTF_8)).toString()}) {
            assertThat(EventIds.named(anchor, name))
                    .isEqualTo(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
        }
    }

    @Test
    void anIdNamedAfterANamedIdKeepsItsTime() {
        String event = EventIds.named(CorrelationIds.newId(), "till sale");

        String availability = EventIds.named(event, event + "/shopify/UTR-01/4");

        assertThat(EventIds.timeOf(availability)).isEqualTo(EventIds.timeOf(event));
    }
}
