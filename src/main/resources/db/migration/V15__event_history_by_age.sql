-- The hourly retention (io.omnihub.ops.HistoryRetention) finds the event history past its age by
-- these keys instead of reading the tables whole.
CREATE INDEX ix_ingested_event_stored ON ingested_event (stored_at);
CREATE INDEX ix_stock_event_applied ON stock_event (applied_at);
CREATE INDEX ix_stock_change_changed ON stock_change (changed_at);
