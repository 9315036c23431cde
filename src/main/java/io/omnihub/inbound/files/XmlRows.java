package io.omnihub.inbound.files;

import java.io.ByteArrayInputStream;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * XML: a root element (e.g. {@code <stock>}) whose child elements (e.g. {@code <row>}) are the rows.
 * A row's attributes and its text-only child elements are its columns; a column holding elements
 * makes the row malformed; XML that is not well-formed breaks the file. Read with the JDK's StAX,
 * with DTDs and external entities off.
 */
final class XmlRows extends RowIterator {

    private static final XMLInputFactory FACTORY = XMLInputFactory.newFactory();

    static {
        FACTORY.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        FACTORY.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    private final XMLStreamReader xml;

    XmlRows(byte[] content) {
        try {
            xml = FACTORY.createXMLStreamReader(new ByteArrayInputStream(content));
            while (xml.hasNext() && xml.next() != XMLStreamConstants.START_ELEMENT) {
                // prolog: declaration, comments
            }
            if (!xml.isStartElement()) {
                throw new UnreadableFileException("no root element");
            }
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    @Override
    protected PartnerRow read() {
        try {
            while (true) {
                int event = xml.next();
                if (event == XMLStreamConstants.END_ELEMENT) {
                    // the root closed: the parser still checks that nothing but comments follow
                    while (xml.hasNext()) {
                        xml.next();
                    }
                    return null;
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    return row();
                }
            }
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    private PartnerRow row() throws XMLStreamException {
        long line = xml.getLocation().getLineNumber();
        ObjectNode fields = fields();
        for (int i = 0; i < xml.getAttributeCount(); i++) {
            put(fields, xml.getAttributeLocalName(i), xml.getAttributeValue(i));
        }
        String nested = null;
        while (xml.next() != XMLStreamConstants.END_ELEMENT) {
            if (xml.isStartElement()) {
                String column = xml.getLocalName();
                Column value = column();
                if (value.nested() && nested == null) {
                    nested = column;
                }
                put(fields, column, value.text());
            }
        }
        return nested == null ? PartnerRow.of(line, fields)
                : PartnerRow.malformed(line, nested, "holds elements; expected text");
    }

    private record Column(String text, boolean nested) {
    }

    /** The text of the column element the reader stands on, leaving the reader on its end tag. */
    private Column column() throws XMLStreamException {
        StringBuilder text = new StringBuilder();
        boolean nested = false;
        int depth = 1;
        while (depth > 0) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                nested = true;
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if (depth == 1 && xml.hasText() && event != XMLStreamConstants.COMMENT) {
                text.append(xml.getText());
            }
        }
        return new Column(text.toString(), nested);
    }

    private static UnreadableFileException malformed(XMLStreamException e) {
        Location at = e.getLocation();
        String message = e.getMessage();
        // the JDK's message repeats the position: "ParseError at [row,col]:[3,5]\nMessage: ..."
        int start = message == null ? -1 : message.indexOf("Message: ");
        String problem = start < 0 ? String.valueOf(message) : message.substring(start + "Message: ".length());
        return at == null ? new UnreadableFileException(problem)
                : new UnreadableFileException(at.getLineNumber(), at.getColumnNumber(), problem);
    }
}
