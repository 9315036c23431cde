package io.omnihub.inbound.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.JsltException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.file.FileConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import io.omnihub.correlation.CorrelationIds;
import io.omnihub.event.CloudEvents;
import io.omnihub.inbound.InboundWatermarks;
import io.omnihub.mapping.MappingException;
import io.omnihub.mapping.Mappings;

/**
 * Partner files, from the folder to canonical events (routes/partner-file-drop.camel.yaml). At the
 * door a file gets a correlation id and is checked whole: a configured partner, an accepted
 * extension, not empty, not over the size limit, readable in its format, content not applied
 * before (SHA-256 per partner). Anything else sends it to the error folder with a reason and
 * applies nothing. Then row by row: map with the partner's mapping, validate, skip what is older
 * than what the hub has, publish; every line's outcome is stored under its own correlation id
 * ({@code <file's>:<line>}), and the file is archived with a report of the lines not applied.
 * Event ids derive from the content hash and the line, so a file resumed after a crash publishes
 * the same ids again and consumers apply them once.
 */
@Component("partnerFileDrop")
public class PartnerFileDrop {

    private static final Logger log = LoggerFactory.getLogger(PartnerFileDrop.class);

    /** A file accepted for its rows: exchange property {@value #FILE} of the file and of each row. */
    public record InboundFile(long id, String partner, PartnerFileProperties.Partner settings, Path path,
            String correlationId, String contentHash, FileFormat format, byte[] content, boolean resumed) {

        String source() {
            return "/omnihub/files/" + partner;
        }

        String fileName() {
            return path.getFileName().toString();
        }
    }

    /** The event one row became, between publishing it and recording that. */
    record RowEvent(String entity, String key, String eventId) {
    }

    /** A file as it lies in the folder, before anything is known about its content. */
    private record Arrival(Path path, String partner, long size) {

        String fileName() {
            return path.getFileName().toString();
        }
    }

    static final String FILE = "partnerFile";
    static final String ACCEPTED = "partnerFileAccepted";
    static final String ROW = "partnerRow";
    static final String PUBLISH = "partnerRowPublish";
    static final String EVENT = "partnerRowEvent";

    static final String PROCESSING = "PROCESSING";
    static final String APPLIED = "APPLIED";
    static final String REJECTED = "REJECTED";
    static final String DUPLICATE = "DUPLICATE";
    static final String PUBLISHED = "PUBLISHED";
    static final String STALE = "STALE";
    static final String IGNORED = "IGNORED";

    /** A mapping names the column it refuses with error("<column>: <reason>"). */
    private static final Pattern COLUMN_ERROR = Pattern.compile("^error: ([A-Za-z_][A-Za-z0-9_.-]{0,63}): (.+)$", Pattern.DOTALL);

    private final PartnerFileProperties properties;
    private final PartnerFileReceipts receipts;
    private final PartnerFileFolders folders;
    private final Mappings mappings;
    private final InboundWatermarks watermarks;
    private final ObjectMapper json;
    private final MeterRegistry meters;

    public PartnerFileDrop(PartnerFileProperties properties, PartnerFileReceipts receipts, PartnerFileFolders folders,
            Mappings mappings, InboundWatermarks watermarks, ObjectMapper json, MeterRegistry meters) {
        this.properties = properties;
        this.receipts = receipts;
        this.folders = folders;
        this.mappings = mappings;
        this.watermarks = watermarks;
        this.json = json;
        this.meters = meters;
        properties.partners().forEach((name, partner) -> {
            if (mappings.canonicalEntity(partner.mapping()) == null) {
                throw new IllegalStateException("omnihub.files.partners." + name + ".mapping: " + partner.mapping()
                        + " is not an inbound (.in) mapping");
            }
        });
    }

    /**
     * The door: checks the file whole and records it. Property {@value #ACCEPTED} says whether its
     * rows are to be read ({@value #FILE} then holds it); otherwise it is in the error folder already.
     */
    public void receive(Exchange exchange) throws IOException {
        exchange.setProperty(ACCEPTED, false);
        Path path = Path.of(exchange.getMessage().getHeader(FileConstants.FILE_ABSOLUTE_PATH, String.class));
        Arrival arrival = new Arrival(path, path.getParent().getFileName().toString(), Files.size(path));
        CorrelationIds.use(exchange, CorrelationIds.newId());

        PartnerFileProperties.Partner partner = properties.partner(arrival.partner());
        if (partner == null) {
            reject(exchange, arrival, null, null, "no partner '" + arrival.partner()
                    + "' is configured for this folder (omnihub.files.partners)");
            return;
        }
        Optional<FileFormat> format = FileFormat.of(arrival.fileName()).filter(partner.formats()::contains);
        if (format.isEmpty()) {
            reject(exchange, arrival, null, null, "is not a partner file: its extension is not one of "
                    + partner.formats().stream().map(FileFormat::extension).collect(Collectors.joining(", ")));
            return;
        }
        long limit = properties.maxFileSize().toBytes();
        if (arrival.size() == 0) {
            reject(exchange, arrival, format.get(), null, "is empty");
            return;
        }
        if (arrival.size() > limit) {
            reject(exchange, arrival, format.get(), null, "is " + arrival.size() + " bytes, over the limit of " + limit
                    + " bytes (omnihub.files.max-file-size)");
            return;
        }
        byte[] content = Files.readAllBytes(path);
        String hash = sha256(content);
        String unreadable = problem(format.get(), content, partner);
        if (unreadable != null) {
            reject(exchange, arrival, format.get(), hash, unreadable);
            return;
        }

        Optional<PartnerFileReceipts.Receipt> applier = receipts.applierOf(arrival.partner(), hash);
        PartnerFileReceipts.Receipt receipt;
        boolean resumed = applier.filter(earlier -> PROCESSING.equals(earlier.status())).isPresent();
        if (resumed) {
            // picked up before and stopped half-way (a crash, Kafka away): the lines recorded stay, the rest follows
            receipt = applier.get();
            log.info("Resuming {} file {} (first picked up {})", receipt.partner(), receipt.fileName(), receipt.receivedAt());
        } else {
            receipt = receipts.open(arrival.partner(), arrival.fileName(), CorrelationIds.of(exchange), hash, arrival.size(),
                    format.get(), PROCESSING);
            if (applier.isPresent() || !receipts.claimContent(arrival.partner(), hash, receipt.id())) {
                PartnerFileReceipts.Receipt first = applier.or(() -> receipts.applierOf(arrival.partner(), hash)).orElseThrow();
                end(arrival, receipt, DUPLICATE, "has the same content (SHA-256 " + hash + ") as " + first.fileName()
                        + ", received " + first.receivedAt() + (first.movedTo() == null ? "" : " and archived as " + first.movedTo())
                        + "; content is applied once", first.id());
                return;
            }
        }
        CorrelationIds.use(exchange, receipt.correlationId());
        exchange.setProperty(FILE, new InboundFile(receipt.id(), arrival.partner(), partner, path, receipt.correlationId(),
                hash, format.get(), content, resumed));
        exchange.setProperty(ACCEPTED, true);
    }

    /** The accepted file's rows, read lazily for a streaming split. */
    public Iterator<PartnerRow> rows(Exchange exchange) {
        InboundFile file = exchange.getProperty(FILE, InboundFile.class);
        return file.format().rows(file.content(), file.settings());
    }

    /**
     * One row (the body): its own correlation id, then the mapping, validation and watermark. When it
     * is to be published, property {@value #PUBLISH} is true and the message is ready for the events
     * sink; otherwise its outcome is recorded already.
     */
    public void mapRow(Exchange exchange) throws IOException {
        InboundFile file = exchange.getProperty(FILE, InboundFile.class);
        PartnerRow row = exchange.getMessage().getBody(PartnerRow.class);
        exchange.setProperty(ROW, row);
        exchange.setProperty(PUBLISH, false);
        CorrelationIds.use(exchange, file.correlationId() + ":" + row.line());
        if (file.resumed() && receipts.lineRecorded(file.id(), row.line())) {
            return;
        }
        if (row.isMalformed()) {
            line(exchange, REJECTED, row.column(), row.problem(), null);
            return;
        }
        String mapping = file.settings().mapping();
        List<JsonNode> records;
        try {
            records = mappings.toCanonical(mapping, row.fields(), file.fileName() + " line " + row.line());
        } catch (MappingException e) {
            refuse(exchange, mapping, e);
            return;
        }
        if (records.size() != 1) {
            line(exchange, records.isEmpty() ? IGNORED : REJECTED, null, records.isEmpty()
                    ? "the mapping " + mapping + " produced no record for this row"
                    : "the mapping " + mapping + " produced " + records.size() + " records; a row becomes one", null);
            return;
        }
        JsonNode record = records.get(0);
        String entity = mappings.canonicalEntity(mapping);
        String key = record.get("id").asText();
        Instant asOf = record.hasNonNull("updatedAt") ? OffsetDateTime.parse(record.get("updatedAt").asText()).toInstant() : null;
        if (asOf != null && !watermarks.advance(entity, key, file.source(), asOf)) {
            line(exchange, STALE, null, "as of " + asOf + ", older than what the hub already has from " + file.partner()
                    + " for " + entity + " " + key + "; not applied, so stock does not move backwards", null);
            return;
        }
        String eventId = UUID.nameUUIDFromBytes((file.source() + "/" + file.contentHash() + "#" + row.line())
                .getBytes(StandardCharsets.UTF_8)).toString();
        Message message = exchange.getMessage();
        message.setHeader(CloudEvents.ENTITY, entity);
        message.setHeader(CloudEvents.KEY, key);
        message.setHeader(CloudEvents.SOURCE, file.source());
        message.setHeader(CloudEvents.EVENT_ID, eventId);
        message.setBody(json.writeValueAsBytes(record));
        exchange.setProperty(EVENT, new RowEvent(entity, key, eventId));
        exchange.setProperty(PUBLISH, true);
    }

    /** Records that the row's event is on Kafka. */
    public void rowPublished(Exchange exchange) {
        line(exchange, PUBLISHED, null, null, exchange.getProperty(EVENT, RowEvent.class));
    }

    /** After the last row: the report of the lines not applied, the file into the archive, the outcome. */
    public void finish(Exchange exchange) throws IOException {
        InboundFile file = exchange.getProperty(FILE, InboundFile.class);
        Map<String, Long> counts = receipts.lineCounts(file.id());
        Path archived = folders.archive(file.path(), receipts.notPublished(file.id()));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        String outcome = total + " rows: " + counts.entrySet().stream()
                .map(count -> count.getValue() + " " + count.getKey().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        receipts.finish(file.id(), APPLIED, outcome, folders.relative(archived), null);
        countFile(file.partner(), APPLIED);
        log.info("Applied {} file {}: {}; archived as {}", file.partner(), file.fileName(), outcome, folders.relative(archived));
    }

    /** A row the mapping refused: the column it named, or none, and its reason without internal paths. */
    private void refuse(Exchange exchange, String mapping, MappingException e) {
        String reason = e.getCause() instanceof JsltException jslt ? jslt.getMessageWithoutLocation() : e.getMessage();
        String internal = mappings.fileOf(mapping) + ": ";
        if (reason.startsWith(internal)) {
            reason = reason.substring(internal.length());
        }
        Matcher named = COLUMN_ERROR.matcher(reason);
        if (named.matches()) {
            line(exchange, REJECTED, named.group(1), named.group(2), null);
        } else {
            line(exchange, REJECTED, null, reason.startsWith("error: ") ? reason.substring("error: ".length()) : reason, null);
        }
    }

    private void line(Exchange exchange, String status, String column, String reason, RowEvent event) {
        InboundFile file = exchange.getProperty(FILE, InboundFile.class);
        PartnerRow row = exchange.getProperty(ROW, PartnerRow.class);
        boolean recorded = receipts.recordLine(file.id(), row.line(), CorrelationIds.of(exchange), status, column, reason,
                event == null ? null : event.entity(), event == null ? null : event.key(), event == null ? null : event.eventId());
        if (recorded) {
            Counter.builder("omnihub.files.rows").description("Rows read from partner files, by what became of them")
                    .tag("partner", file.partner()).tag("outcome", status.toLowerCase(Locale.ROOT))
                    .register(meters).increment();
        }
    }

    /** Null when the whole file reads in its format and holds rows; otherwise why not. */
    private static String problem(FileFormat format, byte[] content, PartnerFileProperties.Partner partner) {
        long rows = 0;
        try {
            for (Iterator<PartnerRow> it = format.rows(content, partner); it.hasNext(); it.next()) {
                rows++;
            }
        } catch (UnreadableFileException e) {
            return "is not readable as " + format + ": " + e.getMessage();
        }
        return rows == 0 ? "is empty: it holds no rows" : null;
    }

    private void reject(Exchange exchange, Arrival arrival, FileFormat format, String hash, String reason) throws IOException {
        PartnerFileReceipts.Receipt receipt = receipts.open(arrival.partner(), arrival.fileName(), CorrelationIds.of(exchange),
                hash, arrival.size(), format, REJECTED);
        end(arrival, receipt, REJECTED, reason, null);
    }

    /** A file nothing is applied from: into the error folder with its reason. */
    private void end(Arrival arrival, PartnerFileReceipts.Receipt receipt, String status, String reason, Long duplicateOf)
            throws IOException {
        Path moved = folders.reject(arrival.path(), reason);
        receipts.finish(receipt.id(), status, reason, folders.relative(moved), duplicateOf);
        countFile(properties.partner(arrival.partner()) == null ? "(unknown)" : arrival.partner(), status);
        log.warn("{} file {} {}: {}; moved to {}", arrival.partner(), arrival.fileName(), status.toLowerCase(Locale.ROOT),
                reason, folders.relative(moved));
    }

    private void countFile(String partner, String status) {
        Counter.builder("omnihub.files").description("Partner files picked up, by outcome")
                .tag("partner", partner).tag("outcome", status.toLowerCase(Locale.ROOT))
                .register(meters).increment();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
