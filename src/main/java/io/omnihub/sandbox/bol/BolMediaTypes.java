package io.omnihub.sandbox.bol;

import org.springframework.http.MediaType;

/** The media type bol's v10 API speaks in both directions; bol answers 406/415 to anything else. */
final class BolMediaTypes {

    static final String V10_JSON_VALUE = "application/vnd.retailer.v10+json";
    static final MediaType V10_JSON = MediaType.parseMediaType(V10_JSON_VALUE);

    private BolMediaTypes() {
    }
}
