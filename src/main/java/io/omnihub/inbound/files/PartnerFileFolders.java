package io.omnihub.inbound.files;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.springframework.stereotype.Component;

/**
 * Where a partner's files go once read: {@code <partner>/archive/<yyyyMMdd-HHmmss>-<name>} with a
 * {@code .report.csv} beside it listing every line that was not applied, or
 * {@code <partner>/error/<yyyyMMdd-HHmmss>-<name>} with a {@code .reason.txt} when nothing was
 * applied. Times are UTC. A {@code <name>.done} marker goes away with its file.
 */
@Component
public class PartnerFileFolders {

    static final String REPORT_SUFFIX = ".report.csv";
    static final String REASON_SUFFIX = ".reason.txt";
    static final String DONE_SUFFIX = ".done";

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final CsvMapper CSV = new CsvMapper();
    private static final CsvSchema REPORT = CsvSchema.builder()
            .addColumn("file").addColumn("line").addColumn("column").addColumn("outcome").addColumn("reason")
            .build().withHeader();

    private final PartnerFileProperties properties;
    private final Clock clock = Clock.systemUTC();

    public PartnerFileFolders(PartnerFileProperties properties) throws IOException {
        this.properties = properties;
        for (String partner : properties.partners().keySet()) {
            Files.createDirectories(properties.partnerDir(partner));
        }
    }

    /** Writes the report of the lines not applied, then moves the file to the archive; answers where it went. */
    public Path archive(Path file, List<PartnerFileReceipts.LineOutcome> notApplied) throws IOException {
        Path target = target(file, properties.archiveFolder(), REPORT_SUFFIX);
        String name = file.getFileName().toString();
        try (Writer out = Files.newBufferedWriter(report(target));
                SequenceWriter rows = CSV.writer(REPORT).writeValues(out)) {
            for (PartnerFileReceipts.LineOutcome line : notApplied) {
                rows.write(new Object[] {name, line.line(), line.column() == null ? "" : line.column(),
                        line.status(), line.reason()});
            }
        }
        return move(file, target);
    }

    /** Writes why nothing was applied, then moves the file to the error folder; answers where it went. */
    public Path reject(Path file, String reason) throws IOException {
        Path target = target(file, properties.errorFolder(), REASON_SUFFIX);
        Files.writeString(target.resolveSibling(target.getFileName() + REASON_SUFFIX),
                file.getFileName() + ": " + reason + System.lineSeparator()
                        + "Nothing from this file was applied." + System.lineSeparator(), StandardCharsets.UTF_8);
        return move(file, target);
    }

    /** The report written beside an archived file. */
    public static Path report(Path archived) {
        return archived.resolveSibling(archived.getFileName() + REPORT_SUFFIX);
    }

    /** The path relative to the inbox, as recorded and shown. */
    public String relative(Path path) {
        return properties.inboxDir().relativize(path).toString().replace('\\', '/');
    }

    private Path move(Path file, Path target) throws IOException {
        Files.move(file, target);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + DONE_SUFFIX));
        return target;
    }

    /** {@code <folder>/<stamp>-<name>}, or {@code <stamp>-<n>-<name>} when a file of that name arrived in the same second. */
    private Path target(Path file, String folder, String companionSuffix) throws IOException {
        Path dir = Files.createDirectories(file.getParent().resolve(folder));
        String stamp = STAMP.format(clock.instant());
        String name = file.getFileName().toString();
        Path target = dir.resolve(stamp + "-" + name);
        for (int n = 2; Files.exists(target) || Files.exists(target.resolveSibling(target.getFileName() + companionSuffix)); n++) {
            target = dir.resolve(stamp + "-" + n + "-" + name);
        }
        return target;
    }
}
