package io.omnihub.inbound.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.omnihub.support.EventTopicReader;
import io.omnihub.support.HubIntegrationTest;

/**
 * Partner file drops through real folders, the database and Kafka: complete files only, row by row
 * with a report of the bad rows, archived, never applied twice, never moving stock backwards; files
 * nothing can be applied from go to the error folder with a reason, and good files dropped beside
 * them still go through.
 */
class PartnerFilesIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HEADER = "sku,warehouse,quantity,as_of\n";
    private static final String MORNING = "2026-11-23T06:00:00+01:00";

    @Autowired
    PartnerFileProperties files;

    @Autowired
    MeterRegistry meters;

    @Autowired
    PartnerFileReceipts receipts;

    /** Unique per test, so SKUs, watermarks and file names never meet another test's. */
    private String run;

    @BeforeEach
    void newRun() {
        run = UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
    }

    @Test
    void goodCsvFileBecomesOneEventPerRowAndIsArchivedWithItsReport() throws Exception {
        String name = "stock-" + run + ".csv";
        drop("dropship", name, HEADER
                + sku("A") + ",DS-VENLO,12," + MORNING + "\n"
                + sku("B") + ",DS-GENK,0," + MORNING + "\n"
                + "\"" + sku("C") + "\",,\" 7 \",2026-11-23T05:00:00Z\n");

        Map<String, Object> file = awaitFile("dropship", name, "APPLIED");
        assertThat(file.get("outcome")).isEqualTo("3 rows: 3 published");
        String movedTo = (String) file.get("moved_to");
        assertThat(movedTo).matches("dropship/archive/\\d{8}-\\d{6}-" + Pattern.quote(name));
        assertThat(inbox("dropship").resolve(name)).doesNotExist();
        Path archived = files.inboxDir().resolve(movedTo);
        assertThat(archived).exists();
        assertThat(Files.readAllLines(PartnerFileFolders.report(archived))).containsExactly("file,line,column,outcome,reason");

        String correlationId = (String) file.get("correlation_id");
        Map<String, Object> a = awaitEvent(sku("A") + "@DC-DROPSHIP");
        assertThat(a.get("correlation_id")).isEqualTo(correlationId + ":2");
        assertThat(payload(a).path("onHand").asInt()).isEqualTo(12);
        assertThat(payload(a).path("updatedAt").asText()).isEqualTo("2026-11-23T05:00:00Z");
        assertThat(payload(awaitEvent(sku("B") + "@DC-DROPSHIP-BE")).path("onHand").asInt()).isZero();
        // quoted, trimmed, and the empty warehouse is the partner's main one
        assertThat(payload(awaitEvent(sku("C") + "@DC-DROPSHIP")).path("onHand").asInt()).isEqualTo(7);

        JsonNode history = JSON.readTree(get("/api/inbound/files/dropship/" + name).body());
        assertThat(history.path("correlationId").asText()).isEqualTo(correlationId);
        assertThat(history.path("file").path("status").asText()).isEqualTo("APPLIED");
        assertThat(history.path("lines").path("PUBLISHED").asInt()).isEqualTo(3);
        // the file's three records, followed by what the stock core derived from them (same correlation)
        assertThat(history.path("events").findValuesAsText("entity").stream().filter("inventory-level"::equals)).hasSize(3);
        // the archived name finds the same file
        JsonNode byArchivedName = JSON.readTree(get("/api/inbound/files/dropship/" + archived.getFileName()).body());
        assertThat(byArchivedName.path("correlationId").asText()).isEqualTo(correlationId);
    }

    @Test
    void jsonAndXmlFilesCarryTheSameFieldsAsCsv() throws Exception {
        String json = "stock-" + run + ".json";
        String xml = "stock-" + run + ".xml";
        drop("dropship", json, """
                [
                  {"sku": "%s", "warehouse": "DS-VENLO", "quantity": 5, "as_of": "%s"},
                  {"sku": "%s", "quantity": "3", "as_of": "%s", "note": null}
                ]
                """.formatted(sku("J"), MORNING, sku("K"), MORNING));
        drop("dropship", xml, """
                <?xml version="1.0" encoding="UTF-8"?>
                <stock>
                  <row sku="%s" warehouse="DS-VENLO" quantity="4" as_of="%s"/>
                  <row>
                    <sku>%s</sku>
                    <warehouse>DS-GENK</warehouse>
                    <quantity>9</quantity>
                    <as_of>%s</as_of>
                  </row>
                </stock>
                """.formatted(sku("X"), MORNING, sku("Y"), MORNING));

        assertThat(awaitFile("dropship", json, "APPLIED").get("outcome")).isEqualTo("2 rows: 2 published");
        assertThat(awaitFile("dropship", xml, "APPLIED").get("outcome")).isEqualTo("2 rows: 2 published");
        assertThat(payload(awaitEvent(sku("J") + "@DC-DROPSHIP")).path("onHand").asInt()).isEqualTo(5);
        assertThat(payload(awaitEvent(sku("K") + "@DC-DROPSHIP")).path("onHand").asInt()).isEqualTo(3);
        assertThat(payload(awaitEvent(sku("X") + "@DC-DROPSHIP")).path("onHand").asInt()).isEqualTo(4);
        assertThat(payload(awaitEvent(sku("Y") + "@DC-DROPSHIP-BE")).path("onHand").asInt()).isEqualTo(9);

        // lines are where each row starts in its file
        JsonNode xmlLine = JSON.readTree(get("/api/inbound/files/dropship/" + xml + "/lines/4").body());
        assertThat(xmlLine.path("line").path("status").asText()).isEqualTo("PUBLISHED");
        assertThat(xmlLine.path("events").get(0).path("entity_id").asText()).isEqualTo(sku("Y") + "@DC-DROPSHIP-BE");
        JsonNode jsonLine = JSON.readTree(get("/api/inbound/files/dropship/" + json + "/lines/3").body());
        assertThat(jsonLine.path("line").path("record_id").asText()).isEqualTo(sku("K") + "@DC-DROPSHIP");
    }

    @Test
    void badRowsAreReportedWithLineColumnAndReasonAndGoodRowsAreApplied() throws Exception {
        double rejectedBefore = rowCount("rejected");
        double publishedBefore = rowCount("published");
        String name = "mixed-" + run + ".csv";
        drop("dropship", name, HEADER
                + sku("A") + ",DS-VENLO,4," + MORNING + "\n"
                + sku("B") + ",DS-VENLO\n"
                + sku("C") + ",DS-VENLO,twelve," + MORNING + "\n"
                + "TENT 003,DS-VENLO,1," + MORNING + "\n"
                + sku("D") + ",DS-VENLO,-3," + MORNING + "\n"
                + sku("E") + ",DS-NOWHERE,1," + MORNING + "\n"
                + sku("F") + ",DS-VENLO,1,yesterday\n"
                + sku("G") + ",DS-VENLO,1," + MORNING + ",extra\n"
                + ",DS-VENLO,1," + MORNING + "\n"
                + sku("H") + ",DS-VENLO,8," + MORNING + "\n");

        Map<String, Object> file = awaitFile("dropship", name, "APPLIED");
        assertThat(file.get("outcome")).isEqualTo("10 rows: 2 published, 8 rejected");
        assertThat(payload(awaitEvent(sku("A") + "@DC-DROPSHIP")).path("onHand").asInt()).isEqualTo(4);
        assertThat(payload(awaitEvent(sku("H") + "@DC-DROPSHIP")).path("onHand").asInt()).isEqualTo(8);

        List<Map<String, String>> report = report(files.inboxDir().resolve((String) file.get("moved_to")));
        assertThat(report).extracting(r -> r.get("line") + " " + r.get("column") + " " + r.get("outcome")).containsExactly(
                "3 quantity REJECTED", "4 quantity REJECTED", "5 sku REJECTED", "6 quantity REJECTED",
                "7 warehouse REJECTED", "8 as_of REJECTED", "9  REJECTED", "10 sku REJECTED");
        assertThat(report).allSatisfy(r -> assertThat(r.get("file")).isEqualTo(name));
        assertThat(report.get(0).get("reason")).isEqualTo(
                "2 values where the header has 4 columns (sku, warehouse, quantity, as_of): no value for quantity, as_of");
        assertThat(report.get(1).get("reason")).isEqualTo("'twelve' is not a whole number");
        assertThat(report.get(2).get("reason")).startsWith("'TENT 003' is not a SKU");
        assertThat(report.get(3).get("reason")).startsWith("-3 is negative");
        assertThat(report.get(4).get("reason")).startsWith("unknown warehouse 'DS-NOWHERE'");
        assertThat(report.get(5).get("reason")).startsWith("'yesterday' is not an ISO-8601 date-time");
        assertThat(report.get(6).get("reason")).isEqualTo("5 values where the header has 4 columns (sku, warehouse, quantity, as_of)");
        assertThat(report.get(7).get("reason")).isEqualTo("missing");

        assertThat(rowCount("rejected") - rejectedBefore).isEqualTo(8);
        assertThat(rowCount("published") - publishedBefore).isEqualTo(2);

        // what happened to line 4, in one call
        HttpResponse<String> line = get("/api/inbound/files/dropship/" + name + "/lines/4");
        assertThat(line.statusCode()).isEqualTo(200);
        JsonNode history = JSON.readTree(line.body());
        assertThat(history.path("correlationId").asText()).isEqualTo(file.get("correlation_id") + ":4");
        assertThat(history.path("line").path("status").asText()).isEqualTo("REJECTED");
        assertThat(history.path("line").path("source_column").asText()).isEqualTo("quantity");
        assertThat(history.path("line").path("reason").asText()).isEqualTo("'twelve' is not a whole number");
        assertThat(history.path("events")).isEmpty();
        JsonNode whole = JSON.readTree(get("/api/inbound/files/dropship/" + name).body());
        assertThat(whole.path("notApplied")).hasSize(8);
        assertThat(whole.path("lines").path("REJECTED").asInt()).isEqualTo(8);

        HttpResponse<String> header = get("/api/inbound/files/dropship/" + name + "/lines/1");
        assertThat(header.statusCode()).isEqualTo(404);
        assertThat(header.body()).contains("has no row starting at line 1");
        assertThat(get("/api/inbound/files/dropship/" + name + "/lines/first").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = get("/api/inbound/files/dropship/never-" + run + ".csv");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("No dropship file named 'never-" + run + ".csv' was picked up");
    }

    @Test
    void filesNothingCanBeAppliedFromGoToTheErrorFolderWithAReasonWhileGoodFilesGoThrough() throws Exception {
        double rejectedBefore = fileCount("rejected");
        StringBuilder big = new StringBuilder(HEADER);
        while (big.length() <= 64 * 1024) {
            big.append(sku("BIG")).append(",DS-VENLO,1,").append(MORNING).append('\n');
        }
        String oversized = "big-" + run + ".csv";
        String empty = "empty-" + run + ".csv";
        String headerOnly = "header-" + run + ".csv";
        String wrongType = "stock-" + run + ".pdf";
        String notJson = "broken-" + run + ".json";
        String good = "good-" + run + ".csv";
        drop("dropship", oversized, big.toString());
        drop("dropship", empty, "");
        drop("dropship", headerOnly, HEADER);
        drop("dropship", wrongType, "%PDF-1.7\n%âãÏÓ\n1 0 obj\n");
        drop("dropship", notJson, "[{\"sku\": \"" + sku("N") + "\", \"quantity\": 1,\n");
        drop("nobody-" + run.toLowerCase(Locale.ROOT), "stock.csv", HEADER + sku("U") + ",DS-VENLO,1," + MORNING + "\n");
        drop("dropship", good, HEADER + sku("G") + ",DS-VENLO,2," + MORNING + "\n");

        assertRejected("dropship", oversized, "is " + big.length() + " bytes, over the limit of 65536 bytes (omnihub.files.max-file-size)");
        assertRejected("dropship", empty, "is empty");
        assertRejected("dropship", headerOnly, "is empty: it holds no rows");
        assertRejected("dropship", wrongType, "is not a partner file: its extension is not one of csv, json, xml");
        assertRejected("dropship", notJson, "is not readable as JSON: line 2, column 1: Unexpected end-of-input");
        assertRejected("nobody-" + run.toLowerCase(Locale.ROOT), "stock.csv",
                "no partner 'nobody-" + run.toLowerCase(Locale.ROOT) + "' is configured for this folder (omnihub.files.partners)");
        assertThat(awaitFile("dropship", good, "APPLIED").get("outcome")).isEqualTo("1 rows: 1 published");
        assertThat(payload(awaitEvent(sku("G") + "@DC-DROPSHIP")).path("onHand").asInt()).isEqualTo(2);
        assertThat(published(sku("BIG") + "@DC-DROPSHIP")).isEmpty();
        assertThat(published(sku("N") + "@DC-DROPSHIP")).isEmpty();
        assertThat(fileCount("rejected") - rejectedBefore).isEqualTo(5);

        JsonNode refused = JSON.readTree(get("/api/inbound/files/dropship/" + empty + "/lines/2").body());
        assertThat(refused.path("detail").asText()).contains("was refused whole, none of its lines was read: is empty");
    }

    @Test
    void contentAppliedOnceIsNeverAppliedAgainEvenUnderAnotherName() throws Exception {
        String first = "first-" + run + ".csv";
        String copy = "copy-" + run + ".csv";
        String other = "other-" + run + ".csv";
        String content = HEADER + sku("A") + ",DS-VENLO,6," + MORNING + "\n" + sku("B") + ",DS-VENLO,1," + MORNING + "\n";
        drop("dropship", first, content);
        Map<String, Object> applied = awaitFile("dropship", first, "APPLIED");

        drop("dropship", copy, content);
        drop("dropship", other, HEADER + sku("C") + ",DS-VENLO,3," + MORNING + "\n");

        Map<String, Object> duplicate = awaitFile("dropship", copy, "DUPLICATE");
        assertThat((String) duplicate.get("outcome")).startsWith("has the same content (SHA-256 ")
                .contains("as " + first + ", received ").endsWith("and archived as " + applied.get("moved_to") + "; content is applied once");
        assertThat(((Number) duplicate.get("duplicate_of")).longValue()).isEqualTo(((Number) applied.get("id")).longValue());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM partner_file_line WHERE file_id = ?", Long.class, duplicate.get("id")))
                .isZero();
        assertThat(awaitFile("dropship", other, "APPLIED").get("outcome")).isEqualTo("1 rows: 1 published");
        awaitEvent(sku("C") + "@DC-DROPSHIP");
        assertThat(published(sku("A") + "@DC-DROPSHIP")).hasSize(1);
        assertThat(published(sku("B") + "@DC-DROPSHIP")).hasSize(1);

        // the same name with new content is a new file: names are not what makes a duplicate
        drop("dropship", first, HEADER + sku("A") + ",DS-VENLO,5,2026-11-23T07:00:00+01:00\n");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(published(sku("A") + "@DC-DROPSHIP"))
                .extracting(event -> event.path("onHand").asInt()).containsExactly(6, 5));
    }

    @Test
    void anOlderFileArrivingLaterNeverMovesStockBackwards() throws Exception {
        String newer = "newer-" + run + ".csv";
        String older = "older-" + run + ".csv";
        drop("dropship", newer, HEADER + sku("A") + ",DS-VENLO,2,2026-11-23T12:00:00+01:00\n");
        awaitFile("dropship", newer, "APPLIED");
        drop("dropship", older, HEADER
                + sku("A") + ",DS-VENLO,6,2026-11-23T11:00:00+01:00\n"
                + sku("B") + ",DS-VENLO,5,2026-11-23T11:00:00+01:00\n");

        Map<String, Object> file = awaitFile("dropship", older, "APPLIED");
        assertThat(file.get("outcome")).isEqualTo("2 rows: 1 published, 1 stale");
        List<Map<String, String>> report = report(files.inboxDir().resolve((String) file.get("moved_to")));
        assertThat(report).hasSize(1);
        assertThat(report.get(0).get("line")).isEqualTo("2");
        assertThat(report.get(0).get("outcome")).isEqualTo("STALE");
        assertThat(report.get(0).get("reason")).isEqualTo("as of 2026-11-23T10:00:00Z, older than what the hub already has from "
                + "dropship for inventory-level " + sku("A") + "@DC-DROPSHIP; not applied, so stock does not move backwards");
        assertThat(payload(awaitEvent(sku("B") + "@DC-DROPSHIP")).path("onHand").asInt()).isEqualTo(5);
        assertThat(published(sku("A") + "@DC-DROPSHIP")).extracting(event -> event.path("onHand").asInt()).containsExactly(2);
    }

    @Test
    void aFileStillBeingWrittenIsNotReadUntilItIsComplete() throws Exception {
        String name = "slow-" + run + ".csv";
        String content = HEADER + sku("A") + ",DS-VENLO,1," + MORNING + "\n" + sku("B") + ",DS-VENLO,2," + MORNING + "\n"
                + sku("C") + ",DS-VENLO,3," + MORNING + "\n";
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        Path file = inbox("dropship").resolve(name);
        ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
        try (OutputStream out = Files.newOutputStream(file)) {
            // a writer that pauses less than the read lock's minimum age between pieces
            int[] written = {bytes.length / 2};
            out.write(bytes, 0, written[0]);
            out.flush();
            writer.scheduleAtFixedRate(() -> {
                try {
                    if (written[0] < bytes.length - 1) {
                        out.write(bytes[written[0]++]);
                        out.flush();
                    }
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }, 150, 150, TimeUnit.MILLISECONDS);
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> untouched("dropship", name));
            writer.shutdown();
            assertThat(writer.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
            out.write(bytes, written[0], bytes.length - written[0]);
        }
        assertThat(awaitFile("dropship", name, "APPLIED").get("outcome")).isEqualTo("3 rows: 3 published");
    }

    @Test
    void aPartnerWithDoneFilesIsReadOnlyOnceItsDoneFileIsThere() throws Exception {
        String name = "marked-" + run + ".csv";
        String firstHalf = HEADER + sku("A") + ",DS-VENLO,1," + MORNING + "\n" + sku("B") + ",DS-VEN";
        Path file = inbox("dropship-done").resolve(name);
        Files.writeString(file, firstHalf);

        // idle far longer than the minimum age: only the missing done file holds it back
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> untouched("dropship-done", name));
        Files.writeString(file, "LO,2," + MORNING + "\n", StandardOpenOption.APPEND);
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> untouched("dropship-done", name));
        Files.writeString(file.resolveSibling(name + ".done"), "");

        Map<String, Object> applied = awaitFile("dropship-done", name, "APPLIED");
        assertThat(applied.get("outcome")).isEqualTo("2 rows: 2 published");
        assertThat(file.resolveSibling(name + ".done")).doesNotExist();
        assertThat(payload(awaitEvent(sku("B") + "@DC-DROPSHIP")).path("onHand").asInt()).isEqualTo(2);
    }

    @Test
    void aFileLeftHalfDoneByACrashIsResumedWhereItStopped() throws Exception {
        String name = "resumed-" + run + ".csv";
        String content = HEADER + sku("A") + ",DS-VENLO,1," + MORNING + "\n" + sku("B") + ",DS-VENLO,2," + MORNING + "\n";
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(content.getBytes(StandardCharsets.UTF_8)));
        // what a hub stopped hard after line 2 leaves behind: the file in its folder, the claim and line 2 recorded
        PartnerFileReceipts.Receipt crashed = receipts.open("dropship", name, "crashed-" + run, hash,
                content.length(), FileFormat.CSV, "PROCESSING");
        assertThat(receipts.claimContent("dropship", hash, crashed.id())).isTrue();
        receipts.recordLine(crashed.id(), 2, "crashed-" + run + ":2", "PUBLISHED", null, null, "inventory-level",
                sku("A") + "@DC-DROPSHIP", "before-the-crash");

        drop("dropship", name, content);

        Map<String, Object> file = awaitFile("dropship", name, "APPLIED");
        assertThat(((Number) file.get("id")).longValue()).isEqualTo(crashed.id());
        assertThat(file.get("outcome")).isEqualTo("2 rows: 2 published");
        assertThat(awaitEvent(sku("B") + "@DC-DROPSHIP").get("correlation_id")).isEqualTo("crashed-" + run + ":3");
        // line 2 was done before the crash and is not done again
        assertThat(published(sku("A") + "@DC-DROPSHIP")).isEmpty();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM partner_file WHERE partner = 'dropship' AND file_name = ?",
                Long.class, name)).isEqualTo(1);
    }

    private String sku(String suffix) {
        return "DS" + run + "-" + suffix;
    }

    private Path inbox(String partner) throws IOException {
        return Files.createDirectories(files.inboxDir().resolve(partner));
    }

    /** Written under a hidden name first (the consumer skips those), then renamed into place. */
    private void drop(String partner, String name, String content) throws IOException {
        Path dir = inbox(partner);
        Path part = dir.resolve("." + name + ".part");
        Files.writeString(part, content);
        Files.move(part, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private boolean untouched(String partner, String name) throws IOException {
        return Files.exists(inbox(partner).resolve(name)) && latest(partner, name) == null;
    }

    private Map<String, Object> latest(String partner, String name) {
        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT id, status, outcome, moved_to, correlation_id, duplicate_of FROM partner_file
                WHERE partner = ? AND file_name = ? ORDER BY id DESC""", partner, name);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private Map<String, Object> awaitFile(String partner, String name, String status) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> file = latest(partner, name);
            assertThat(file).as(partner + "/" + name + " picked up").isNotNull();
            assertThat(file.get("status")).as("outcome: %s", file.get("outcome")).isEqualTo(status);
        });
        return latest(partner, name);
    }

    private void assertRejected(String partner, String name, String reason) throws IOException {
        Map<String, Object> file = awaitFile(partner, name, "REJECTED");
        assertThat((String) file.get("outcome")).startsWith(reason);
        String movedTo = (String) file.get("moved_to");
        assertThat(movedTo).matches(Pattern.quote(partner) + "/error/\\d{8}-\\d{6}-" + Pattern.quote(name));
        Path moved = files.inboxDir().resolve(movedTo);
        assertThat(moved).exists();
        assertThat(inbox(partner).resolve(name)).doesNotExist();
        assertThat(Files.readString(moved.resolveSibling(moved.getFileName() + ".reason.txt")))
                .startsWith(name + ": " + reason).contains("Nothing from this file was applied.");
    }

    private Map<String, Object> awaitEvent(String entityId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !events(entityId).isEmpty());
        return events(entityId).get(0);
    }

    private List<Map<String, Object>> events(String entityId) {
        return jdbc.queryForList("SELECT correlation_id, payload FROM ingested_event WHERE entity = 'inventory-level' "
                + "AND entity_id = ? ORDER BY id", entityId);
    }

    private static JsonNode payload(Map<String, Object> event) throws IOException {
        return JSON.readTree((String) event.get("payload"));
    }

    /** What the partner files published on Kafka for one record, in order. */
    private List<JsonNode> published(String key) throws IOException {
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : EventTopicReader.readAll(bootstrapServers, "omnihub.inventory-level.v1")) {
            var source = record.headers().lastHeader("ce_source");
            if (key.equals(record.key()) && source != null
                    && new String(source.value(), StandardCharsets.UTF_8).startsWith("/omnihub/files/")) {
                events.add(JSON.readTree(record.value()));
            }
        }
        return events;
    }

    private static List<Map<String, String>> report(Path archived) throws IOException {
        try (MappingIterator<Map<String, String>> rows = new CsvMapper().readerFor(Map.class)
                .with(CsvSchema.emptySchema().withHeader()).readValues(PartnerFileFolders.report(archived).toFile())) {
            return rows.readAll();
        }
    }

    private double rowCount(String outcome) {
        return count("omnihub.files.rows", outcome);
    }

    private double fileCount(String outcome) {
        return count("omnihub.files", outcome);
    }

    private double count(String name, String outcome) {
        Counter counter = meters.find(name).tags("partner", "dropship", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
