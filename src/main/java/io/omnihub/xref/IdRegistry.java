package io.omnihub.xref;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.omnihub.mapping.IdLookup;

/**
 * The ID registry: (system, entity, external id) ↔ canonical id.
 *
 * <p>First sight creates the entry. Concurrent first sightings, in this hub or another replica
 * on the same database, agree on one canonical id: everyone inserts with
 * {@code ON CONFLICT DO NOTHING} and then reads what the unique constraint let through. Entries
 * never change their canonical id once made (relinking, for an unmerge, is not built yet), so
 * resolved ids are cached in memory, up to 200,000 of them.
 */
@Component
public class IdRegistry implements IdLookup {

    private static final RowMapper<XrefEntry> ENTRY = (rs, n) -> new XrefEntry(
            rs.getString("system"), rs.getString("entity"), rs.getString("external_id"),
            rs.getString("canonical_id"), rs.getInt("version"),
            rs.getObject("created_at", OffsetDateTime.class), rs.getObject("updated_at", OffsetDateTime.class));

    private final JdbcClient jdbc;
    // bounded: order and line ids keep coming; reference data stays hot
    private final Cache<Key, String> canonicalIds = Caffeine.newBuilder().maximumSize(200_000).build();

    public IdRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String canonicalId(String system, String entity, String externalId) {
        return resolve(system, entity, externalId);
    }

    @Override
    public Optional<String> knownCanonicalId(String system, String entity, String externalId) {
        String cached = canonicalIds.getIfPresent(new Key(system, entity, externalId));
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<String> known = find(system, entity, externalId).map(XrefEntry::canonicalId);
        known.ifPresent(id -> canonicalIds.put(new Key(system, entity, externalId), id));
        return known;
    }

    /** The canonical id for a system's id, minting a new one on first sight. */
    public String resolve(String system, String entity, String externalId) {
        return link(system, entity, externalId, null);
    }

    /**
     * Ties a system's id to a known canonical id (e.g. a Shopify inventory item to the SKU's
     * product) and returns the canonical id in force. With {@code canonicalId == null} a new one is
     * minted on first sight. Linking an id that is already tied elsewhere is a conflict.
     */
    public String link(String system, String entity, String externalId, String canonicalId) {
        Key key = new Key(system, entity, externalId);
        String known = canonicalIds.getIfPresent(key);
        if (known == null) {
            String candidate = canonicalId != null ? canonicalId : UUID.randomUUID().toString();
            jdbc.sql("""
                    INSERT INTO id_xref (system, entity, external_id, canonical_id)
                    VALUES (:system, :entity, :externalId, :canonicalId)
                    ON CONFLICT DO NOTHING""")
                    .param("system", system).param("entity", entity).param("externalId", externalId)
                    .param("canonicalId", candidate)
                    .update();
            known = find(system, entity, externalId).map(XrefEntry::canonicalId).orElseThrow(() ->
                    new XrefConflictException(system + " " + entity + " " + externalId + " cannot be linked to "
                            + candidate + ": that canonical id already has another " + system + " id"));
            canonicalIds.put(key, known);
        }
        if (canonicalId != null && !canonicalId.equals(known)) {
            throw new XrefConflictException(system + " " + entity + " " + externalId + " is already linked to "
                    + known + ", not " + canonicalId);
        }
        return known;
    }

    public Optional<XrefEntry> find(String system, String entity, String externalId) {
        return jdbc.sql("SELECT * FROM id_xref WHERE system = ? AND entity = ? AND external_id = ?")
                .params(system, entity, externalId)
                .query(ENTRY)
                .optional();
    }

    /** A system's id for a canonical record, if that system has one. */
    @Override
    public Optional<String> externalId(String system, String entity, String canonicalId) {
        return jdbc.sql("SELECT external_id FROM id_xref WHERE system = ? AND entity = ? AND canonical_id = ?")
                .params(system, entity, canonicalId)
                .query(String.class)
                .optional();
    }

    /** Every system's id for one canonical record. */
    public List<XrefEntry> externalIds(String entity, String canonicalId) {
        return jdbc.sql("SELECT * FROM id_xref WHERE entity = ? AND canonical_id = ? ORDER BY system")
                .params(entity, canonicalId)
                .query(ENTRY)
                .list();
    }

    public long count() {
        return jdbc.sql("SELECT COUNT(*) FROM id_xref").query(Long.class).single();
    }

    private record Key(String system, String entity, String externalId) {
    }
}
