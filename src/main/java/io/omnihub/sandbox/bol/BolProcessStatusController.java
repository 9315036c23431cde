package io.omnihub.sandbox.bol;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.omnihub.sandbox.SandboxApi;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;

import io.omnihub.sandbox.bol.BolWire.ProcessStatus;
import io.omnihub.sandbox.bol.BolWire.ProcessStatuses;

/**
 * Where a client polls its accepted writes: one by id, or up to 1,000 ids in one bulk read, on v10's
 * shared path; the retailer path of older versions answers 403.
 */
@SandboxApi
final class BolProcessStatusController {

    static final int MAX_BULK = 1000;

    private final BolState state;

    BolProcessStatusController(BolState state) {
        this.state = state;
    }

    @GetMapping("/shared/process-status/{processStatusId}")
    ProcessStatus processStatus(@PathVariable String processStatusId) {
        return state.processStatus(processStatusId).map(BolResponses::linked)
                .orElseThrow(() -> BolException.of(404, "Process status with id " + processStatusId + " not found."));
    }

    /** {@code {"processStatusQueries":[{"processStatusId":"1"}, …]}}, 1 to 1,000 ids; ids bol does not know are left out. */
    @PostMapping("/shared/process-status")
    ProcessStatuses processStatuses(@RequestBody JsonNode body) {
        var reader = new BolRequestReader();
        List<JsonNode> queries = reader.array(BolRequestReader.body(body).path("processStatusQueries"), "processStatusQueries",
                1, MAX_BULK);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < queries.size(); i++) {
            String name = "processStatusQueries[" + i + "]";
            JsonNode query = reader.object(queries.get(i), name, true);
            if (query != null) {
                JsonNode id = query.path("processStatusId");
                // bol's ids are numbers written as strings; a client may send either
                ids.add(id.isIntegralNumber() ? id.asText() : reader.text(id, name + ".processStatusId", true, 1, 20));
            }
        }
        reader.check();
        return new ProcessStatuses(state.processStatuses(ids).stream().map(BolResponses::linked).toList());
    }

    @GetMapping("/retailer/process-status/{processStatusId}")
    void retiredProcessStatus(@PathVariable String processStatusId) {
        throw BolException.of(403, "The process status moved in v10; use GET /shared/process-status/" + processStatusId + ".");
    }
}
