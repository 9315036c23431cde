package io.omnihub.correlation;

import java.util.regex.Pattern;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import org.apache.camel.Exchange;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import io.omnihub.api.RejectedInputException;

/**
 * One correlation id per inbound record, carried on every hop: the exchange property
 * {@value #PROPERTY}, the log MDC key {@value #PROPERTY}, the CloudEvent extension and the stored column.
 */
@Component("correlationIds")
public class CorrelationIds {

    public static final String PROPERTY = "correlationId";
    public static final String HTTP_HEADER = "X-Correlation-Id";
    private static final TimeBasedEpochGenerator TIME_ORDERED = Generators.timeBasedEpochGenerator();
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    /** At the door: take the caller's {@value #HTTP_HEADER} when well-formed, otherwise mint one. */
    public void fromHttp(Exchange exchange) {
        String given = exchange.getMessage().getHeader(HTTP_HEADER, String.class);
        if (given != null && !VALID.matcher(given).matches()) {
            throw RejectedInputException.badRequest("Header " + HTTP_HEADER
                    + " must be 1-64 characters of letters, digits and . _ : -");
        }
        use(exchange, given != null ? given : newId());
    }

    /**
     * A new id: a UUID of version 7 (RFC 9562), which begins with the time, so ids minted together
     * sit together in the indexes on correlation_id instead of landing on a random page each.
     */
    public static String newId() {
        return TIME_ORDERED.generate().toString();
    }

    /** Binds an id that travelled with the record (e.g. the CloudEvent extension) to this exchange. */
    public static void use(Exchange exchange, String correlationId) {
        exchange.setProperty(PROPERTY, correlationId);
        MDC.put(PROPERTY, correlationId);
    }

    public static String of(Exchange exchange) {
        return exchange.getProperty(PROPERTY, String.class);
    }
}
