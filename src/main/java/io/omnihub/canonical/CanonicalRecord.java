package io.omnihub.canonical;

/** A canonical record read into its Java type; its id is the canonical id (the Kafka key). */
public interface CanonicalRecord {

    String id();
}
