package io.omnihub.inbound.files;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

/**
 * The formats a partner file may come in, known by its extension. Each reads the file into
 * {@link PartnerRow}s with the same text fields, so one mapping serves all three.
 */
public enum FileFormat {

    /** A header row naming the columns, then one row per line (quoted values may span lines). */
    CSV {
        @Override
        Iterator<PartnerRow> rows(byte[] content, PartnerFileProperties.Partner partner) {
            return new CsvRows(text(content), partner.separator());
        }
    },
    /** An array of objects, one per row; numbers become text. */
    JSON {
        @Override
        Iterator<PartnerRow> rows(byte[] content, PartnerFileProperties.Partner partner) {
            return new JsonRows(text(content));
        }
    },
    /** A root element whose child elements are the rows; attributes and text-only child elements are the columns. */
    XML {
        @Override
        Iterator<PartnerRow> rows(byte[] content, PartnerFileProperties.Partner partner) {
            return new XmlRows(content);
        }
    };

    /**
     * The rows, read lazily. A file whose structure is broken throws {@link UnreadableFileException}
     * naming line and column; a row that is malformed on its own comes back {@link PartnerRow#isMalformed()}.
     */
    abstract Iterator<PartnerRow> rows(byte[] content, PartnerFileProperties.Partner partner);

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a file name's extension says, if it is one of these. */
    public static Optional<FileFormat> of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        for (FileFormat format : values()) {
            if (format.extension().equals(extension)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** Strict UTF-8 without the byte order mark; a file that is not text is unreadable. */
    static String text(byte[] content) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new UnreadableFileException("not UTF-8 text");
        }
        if (text.indexOf('\0') >= 0) {
            throw new UnreadableFileException("NUL bytes: not a text file");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }
}
