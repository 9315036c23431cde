package io.omnihub.inbound;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import io.omnihub.api.HttpProblems;
import io.omnihub.api.JsonBodies;
import io.omnihub.api.RejectedInputException;
import io.omnihub.correlation.CorrelationIds;

/**
 * The webhook door, {@code POST /webhooks/<system>/<account>}: a plain servlet rather than a Camel
 * HTTP route, because it is the hub's hottest entrance and has one job, verify and store before
 * answering (ADR 0009). It answers 200 with a receipt, or a problem document naming what was wrong.
 * Counted and timed in {@code omnihub.webhooks.received} by system and outcome: it is served ahead of
 * Spring's filters, so {@code http.server.requests} does not see it.
 */
class WebhookServlet extends HttpServlet {

    private static final Logger log = LoggerFactory.getLogger(WebhookServlet.class);

    private final transient WebhookInbox inbox;
    private final transient ObjectMapper json;
    private final transient MeterRegistry meters;
    private final long maxBodyBytes;

    WebhookServlet(WebhookInbox inbox, ObjectMapper json, MeterRegistry meters, long maxBodyBytes) {
        this.inbox = inbox;
        this.json = json;
        this.meters = meters;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        String[] target = target(request.getPathInfo());
        // only known systems become a tag, so a caller cannot mint meters
        String system = "unknown";
        try {
            if (target == null) {
                throw new RejectedInputException(404, "Webhooks are posted to /webhooks/<system>/<account>");
            }
            inbox.scheme(target[0], target[1]);
            system = target[0];
            byte[] body = JsonBodies.bytes(request, maxBodyBytes, "omnihub.webhooks.max-body-size");
            WebhookInbox.Receipt receipt = inbox.receive(system, target[1], request::getHeader, body);
            MDC.put(CorrelationIds.PROPERTY, receipt.correlationId());
            count(system, receipt.status(), started);
            answer(response, 200, "application/json", receipt.correlationId(), json.writeValueAsBytes(receipt));
        } catch (RejectedInputException rejected) {
            count(system, "rejected-" + rejected.status(), started);
            // the detail can quote the caller's data, so it goes to the caller only
            log.info("Rejected POST {} with {}", request.getRequestURI(), rejected.status());
            problem(response, rejected.status(), rejected.getMessage(), rejected.errors());
        } catch (RuntimeException failure) {
            count(system, "failed", started);
            log.error("Webhook not stored", failure);
            problem(response, 500, "The hub could not accept the webhook. Retry later.", List.of());
        } finally {
            MDC.remove(CorrelationIds.PROPERTY);
        }
    }

    /** {@code /<system>/<account>} → the two segments; anything else → null. */
    private static String[] target(String pathInfo) {
        if (pathInfo == null) {
            return null;
        }
        String[] parts = pathInfo.split("/", -1);
        return parts.length == 3 && parts[0].isEmpty() && !parts[1].isEmpty() && !parts[2].isEmpty()
                ? new String[] {parts[1], parts[2]} : null;
    }

    private void count(String system, String outcome, long started) {
        Timer.builder("omnihub.webhooks.received").description("Webhooks at the door and the time to answer them, by system and outcome")
                .tag("system", system).tag("outcome", outcome).register(meters).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
    }

    private static void problem(HttpServletResponse response, int status, String detail, List<String> errors) throws IOException {
        answer(response, status, "application/problem+json", null,
                HttpProblems.problem(status, detail, errors, null).getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpServletResponse response, int status, String contentType, String correlationId, byte[] body)
            throws IOException {
        response.setStatus(status);
        response.setContentType(contentType);
        if (correlationId != null) {
            response.setHeader(CorrelationIds.HTTP_HEADER, correlationId);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
