package io.omnihub.correlation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class CorrelationIdsTest {

    @Test
    void newIdsAreVersion7UuidsInTheOrderTheyWereMinted() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(CorrelationIds.newId());
        }

        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(ids).allSatisfy(id -> {
            assertThat(UUID.fromString(id).version()).isEqualTo(7);
            assertThat(id).matches("[0-9a-f-]{36}");
        });
        // sorted as text they keep their minting order, which is what keeps index inserts together
        assertThat(ids).isSorted();
    }
}
