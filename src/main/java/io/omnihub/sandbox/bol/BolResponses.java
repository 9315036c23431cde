package io.omnihub.sandbox.bol;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import io.omnihub.sandbox.bol.BolWire.ProcessStatus;

/** Process statuses as the API hands them out: with a self link on the host and port the client called. */
final class BolResponses {

    private BolResponses() {
    }

    /** The 202 answer to an accepted write. */
    static ResponseEntity<ProcessStatus> accepted(ProcessStatus status) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(linked(status));
    }

    static ProcessStatus linked(ProcessStatus status) {
        return status.withSelfLink(ServletUriComponentsBuilder.fromCurrentContextPath().toUriString());
    }
}
