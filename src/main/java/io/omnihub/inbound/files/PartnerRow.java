package io.omnihub.inbound.files;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One row of a partner file as the mapping sees it, whatever the format: text fields by column
 * name, values trimmed, empty ones left out.
 *
 * @param line    where the row starts in the file (1-based)
 * @param fields  the row's values; null when the row is malformed
 * @param column  the column a malformed row's problem is in, or null
 * @param problem why the row cannot be mapped (too many values, a nested value …), or null
 */
public record PartnerRow(long line, ObjectNode fields, String column, String problem) {

    static PartnerRow of(long line, ObjectNode fields) {
        return new PartnerRow(line, fields, null, null);
    }

    static PartnerRow malformed(long line, String column, String problem) {
        return new PartnerRow(line, null, column, problem);
    }

    public boolean isMalformed() {
        return problem != null;
    }
}
