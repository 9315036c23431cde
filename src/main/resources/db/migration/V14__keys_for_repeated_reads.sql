-- Keys for reads that ran on every batch, tick or lineage request but could not use an index, so
-- they read the whole table (found with a realistic webhook load, docs/benchmarks.md).

-- The stock core reads what each channel was told per SKU (WHERE sku = ?), for every SKU of every
-- batch, and so does the lineage. Keyed by channel first, that read scanned the table: with the
-- reference retailer seeded it took half the core's time. The SKU first serves it and every write.
ALTER TABLE channel_availability DROP CONSTRAINT pk_channel_availability;
ALTER TABLE channel_availability ADD CONSTRAINT pk_channel_availability PRIMARY KEY (sku, channel, location_id);

-- Retention deletes by age: without these each hourly pass read every row kept for 30 days.
CREATE INDEX ix_outbound_call_started ON outbound_call (started_at);
CREATE INDEX ix_webhook_inbox_processed ON webhook_inbox (processed_at);

-- A SKU's lineage: its outbound calls and its oversells.
CREATE INDEX ix_outbound_call_change_sku ON outbound_call_change (sku, call_id);
CREATE INDEX ix_stock_oversell_sku ON stock_oversell (sku, id);
