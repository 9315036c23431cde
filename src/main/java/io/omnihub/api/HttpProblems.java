package io.omnihub.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.StreamCacheException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import io.omnihub.correlation.CorrelationIds;

/**
 * Turns a failed HTTP exchange into an RFC 9457 problem response. Rejected input says what was
 * wrong; anything else is a 500 that reveals no internals (the log has the details).
 */
@Component("httpProblems")
public class HttpProblems {

    private static final Logger log = LoggerFactory.getLogger(HttpProblems.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public void reply(Exchange exchange) throws JsonProcessingException {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String detail;
        List<String> errors = List.of();
        if (failure instanceof StreamCacheException) {
            // platform-http hands the body over as text; bytes that do not decode never reach the flow
            failure = RejectedInputException.badRequest("Request body is not valid UTF-8");
        }
        if (failure instanceof RejectedInputException rejected) {
            status = rejected.status();
            detail = rejected.getMessage();
            errors = rejected.errors();
            // the detail can quote the caller's data, so it goes to the caller only
            log.info("Rejected {} {} with {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_URI), status);
        } else {
            status = 500;
            detail = "The hub could not accept the request. Retry later.";
            log.error("Request failed", failure);
        }
        String correlationId = CorrelationIds.of(exchange);
        Message message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        message.setHeader(Exchange.CONTENT_TYPE, "application/problem+json");
        if (correlationId != null) {
            message.setHeader(CorrelationIds.HTTP_HEADER, correlationId);
        }
        message.setBody(problem(status, detail, errors, correlationId));
    }

    /** The problem document itself: status, what was wrong, and the correlation id when there is one. */
    public static String problem(int status, String detail, List<String> errors, String correlationId)
            throws JsonProcessingException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.valueOf(status).getReasonPhrase());
        problem.put("status", status);
        problem.put("detail", detail);
        if (!errors.isEmpty()) {
            problem.put("errors", errors);
        }
        if (correlationId != null) {
            problem.put("correlationId", correlationId);
        }
        return JSON.writeValueAsString(problem);
    }
}
