package io.omnihub.sandbox.bol;

import io.omnihub.sandbox.SandboxApi;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import io.omnihub.sandbox.bol.BolWire.ProcessStatus;

/** Where a client polls its accepted writes: v10's shared path; the retailer path of older versions answers 403. */
@SandboxApi
final class BolProcessStatusController {

    private final BolState state;

    BolProcessStatusController(BolState state) {
        this.state = state;
    }

    @GetMapping("/shared/process-status/{processStatusId}")
    ProcessStatus processStatus(@PathVariable String processStatusId) {
        return state.processStatus(processStatusId).map(BolResponses::linked)
                .orElseThrow(() -> BolException.of(404, "Process status with id " + processStatusId + " not found."));
    }

    @GetMapping("/retailer/process-status/{processStatusId}")
    void retiredProcessStatus(@PathVariable String processStatusId) {
        throw BolException.of(403, "The process status moved in v10; use GET /shared/process-status/" + processStatusId + ".");
    }
}
