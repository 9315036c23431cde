package io.omnihub.xref;

/** An external id is already tied to another canonical id, or a canonical id to another external id. */
public class XrefConflictException extends RuntimeException {

    public XrefConflictException(String message) {
        super(message);
    }
}
