package io.omnihub.inbound.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Partner file drops: a folder per partner under {@code inboxDir}, read by
 * routes/partner-file-drop.camel.yaml.
 *
 * @param inboxDir      the folder holding one folder per partner (default {@code <omnihub.data-dir>/inbox})
 * @param maxFileSize   larger files are moved to the error folder unread
 * @param minAge        a file is read only once it has not changed for this long (Camel's
 *                      readLock=changed with readLockMinAge), so a file still being written is left alone
 * @param pollDelay     pause between two looks at the folders
 * @param archiveFolder where processed files and their reports go, relative to the partner's folder
 * @param errorFolder   where files nothing was applied from go, with a reason file, relative to the partner's folder
 * @param partners      by folder name (lower case, digits and '-'), what each partner drops
 */
@ConfigurationProperties("omnihub.files")
public record PartnerFileProperties(
        Path inboxDir,
        @DefaultValue("10MB") DataSize maxFileSize,
        @DefaultValue("2s") Duration minAge,
        @DefaultValue("1s") Duration pollDelay,
        @DefaultValue("archive") String archiveFolder,
        @DefaultValue("error") String errorFolder,
        @DefaultValue Map<String, Partner> partners) {

    private static final Pattern PARTNER_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    public PartnerFileProperties {
        if (inboxDir == null) {
            throw new IllegalArgumentException("omnihub.files.inbox-dir is required (application.yaml: ${omnihub.data-dir}/inbox)");
        }
        for (var partner : partners.entrySet()) {
            if (!PARTNER_NAME.matcher(partner.getKey()).matches()) {
                throw new IllegalArgumentException("omnihub.files.partners." + partner.getKey()
                        + ": a partner's name is its folder and part of URLs: lower-case letters, digits and '-'");
            }
            if (partner.getValue().mapping() == null || partner.getValue().mapping().isBlank()) {
                throw new IllegalArgumentException("omnihub.files.partners." + partner.getKey() + ".mapping is required");
            }
        }
    }

    /**
     * What one partner drops.
     *
     * @param mapping   the inbound mapping applied to every row, e.g. {@code dropship/stock-row.in}
     * @param formats   the formats accepted, by file extension
     * @param doneFile  when true a file is read only once {@code <name>.done} exists beside it
     *                  (on top of the minimum age); the done file is removed after processing
     * @param separator the CSV column separator
     */
    public record Partner(
            String mapping,
            @DefaultValue({"csv", "json", "xml"}) List<FileFormat> formats,
            @DefaultValue("false") boolean doneFile,
            @DefaultValue(",") char separator) {
    }

    public Partner partner(String name) {
        return partners.get(name);
    }

    public Path partnerDir(String name) {
        return inboxDir.resolve(name);
    }
}
