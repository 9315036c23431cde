-- H2 only (Flyway location db/vendor/{vendor}): H2 stores an identity sequence's position with a
-- commit of the whole store each time its cache of 32 values runs out, which under load serialised
-- the busy writers (stock core, webhook inbox) on that commit (JFR, docs/benchmarks.md). A cache of
-- 1,000 makes that rare. H2's cache is one per database, so ids still follow insertion order; on
-- PostgreSQL a cache is per session and would not, and its sequences need no such help.
ALTER TABLE ingested_event ALTER COLUMN id SET CACHE 1000;
ALTER TABLE id_xref ALTER COLUMN id SET CACHE 1000;
ALTER TABLE rejected_event ALTER COLUMN id SET CACHE 1000;
ALTER TABLE webhook_inbox ALTER COLUMN id SET CACHE 1000;
ALTER TABLE erp_handoff ALTER COLUMN id SET CACHE 1000;
ALTER TABLE partner_file ALTER COLUMN id SET CACHE 1000;
ALTER TABLE outbound_position ALTER COLUMN id SET CACHE 1000;
ALTER TABLE outbound_dead_letter ALTER COLUMN id SET CACHE 1000;
ALTER TABLE outbound_call ALTER COLUMN id SET CACHE 1000;
ALTER TABLE stock_change ALTER COLUMN id SET CACHE 1000;
ALTER TABLE stock_oversell ALTER COLUMN id SET CACHE 1000;
