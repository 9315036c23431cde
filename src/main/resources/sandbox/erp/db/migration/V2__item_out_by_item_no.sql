-- The ERP's own order job asks, per order line, whether an item exists by its number; without a
-- key on item_no that read went through every item version (found reading the queries against their
-- keys, see docs/benchmarks.md, ninth webhook measurement).
CREATE INDEX ix_item_out_item_no ON erp.item_out (item_no);
