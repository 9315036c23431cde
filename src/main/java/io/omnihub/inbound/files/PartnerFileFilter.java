package io.omnihub.inbound.files;

import java.io.File;
import java.nio.file.Files;

import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.springframework.stereotype.Component;

/**
 * Which files in the partner folders the file consumer may take: never a {@code .done} marker, and
 * for a partner that promises done files only a file whose marker is there, so a file still being
 * written is never read half (the read lock's minimum age covers partners without markers).
 */
@Component("partnerFileFilter")
public class PartnerFileFilter implements GenericFileFilter<File> {

    private final PartnerFileProperties properties;

    public PartnerFileFilter(PartnerFileProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory()) {
            return true;
        }
        String name = file.getFileNameOnly();
        if (name.endsWith(PartnerFileFolders.DONE_SUFFIX)) {
            return false;
        }
        File partnerDir = file.getFile().getParentFile();
        PartnerFileProperties.Partner partner = properties.partner(partnerDir.getName());
        return partner == null || !partner.doneFile()
                || Files.exists(partnerDir.toPath().resolve(name + PartnerFileFolders.DONE_SUFFIX));
    }
}
