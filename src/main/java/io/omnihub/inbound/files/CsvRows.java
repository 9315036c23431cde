package io.omnihub.inbound.files;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * CSV with a header row. A row with another number of values than the header has columns is
 * malformed on its own; a quote left open breaks the file. Blank lines are skipped.
 */
final class CsvRows extends RowIterator {

    private static final ObjectReader READER = new CsvMapper().readerFor(String[].class)
            .with(CsvParser.Feature.WRAP_AS_ARRAY);

    private final MappingIterator<String[]> values;
    private final List<String> header = new ArrayList<>();

    CsvRows(String text, char separator) {
        try {
            values = READER.with(CsvSchema.emptySchema().withColumnSeparator(separator)).readValues(text);
        } catch (IOException e) {
            throw new UnreadableFileException(1, 0, e.getMessage());
        }
        Line names = nextLine();
        if (names == null) {
            throw new UnreadableFileException("no header row");
        }
        for (int i = 0; i < names.values().length; i++) {
            String name = names.values()[i].strip();
            if (name.isEmpty()) {
                throw new UnreadableFileException(names.number(), 0, "column " + (i + 1) + " of the header row has no name");
            }
            if (header.contains(name)) {
                throw new UnreadableFileException(names.number(), 0, "the header row names column '" + name + "' twice");
            }
            header.add(name);
        }
    }

    @Override
    protected PartnerRow read() {
        Line row = nextLine();
        if (row == null) {
            return null;
        }
        String[] values = row.values();
        if (values.length != header.size()) {
            return wrongWidth(row.number(), values.length);
        }
        ObjectNode fields = fields();
        for (int i = 0; i < values.length; i++) {
            put(fields, header.get(i), values[i]);
        }
        return PartnerRow.of(row.number(), fields);
    }

    private PartnerRow wrongWidth(long line, int width) {
        String columns = width + (width == 1 ? " value" : " values") + " where the header has " + header.size()
                + " columns (" + String.join(", ", header) + ")";
        if (width > header.size()) {
            return PartnerRow.malformed(line, null, columns);
        }
        List<String> missing = header.subList(width, header.size());
        return PartnerRow.malformed(line, missing.get(0), columns + ": no value for " + String.join(", ", missing));
    }

    private record Line(long number, String[] values) {
    }

    /** The next line that is not blank, with the line it starts on; null at the end. */
    private Line nextLine() {
        while (true) {
            // where the parser stands before reading is where the row starts
            long line = values.getParser().currentLocation().getLineNr();
            String[] row;
            try {
                if (!values.hasNextValue()) {
                    return null;
                }
                row = values.nextValue();
            } catch (IOException | RuntimeJsonMappingException e) {
                String problem = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw new UnreadableFileException(line, 0, problem);
            }
            if (row.length > 1 || !row[0].isBlank()) {
                return new Line(line, row);
            }
        }
    }
}
