package io.omnihub.inbound.files;

import java.util.Iterator;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The rows of one file, read one ahead from a pull parser. */
abstract class RowIterator implements Iterator<PartnerRow> {

    private PartnerRow next;
    private boolean ended;

    /** The next row, or null after the last one. */
    protected abstract PartnerRow read();

    @Override
    public final boolean hasNext() {
        if (next == null && !ended) {
            next = read();
            ended = next == null;
        }
        return next != null;
    }

    @Override
    public final PartnerRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        PartnerRow row = next;
        next = null;
        return row;
    }

    static ObjectNode fields() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** The same rule for every format: values trimmed, an empty value is no value. */
    static void put(ObjectNode fields, String column, String value) {
        String trimmed = value == null ? "" : value.strip();
        if (!trimmed.isEmpty()) {
            fields.put(column, trimmed);
        }
    }
}
