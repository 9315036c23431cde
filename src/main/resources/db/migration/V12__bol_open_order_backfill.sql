-- bol.com orders the poller took before V11 and that still hold stock: tracked with no items read,
-- so a coming poll reads each once more (what bol lists differs from nothing read, and an order bol
-- no longer lists is read anyway) and a cancellation or shipment since then reaches the stock core;
-- an order found final is forgotten again. Runs unchanged on H2 and PostgreSQL.
INSERT INTO bol_open_order (listing, order_id, record_version, items, placed_at, read_at)
SELECT p.listing, p.record_id, MAX(p.record_version), '[]', MIN(p.occurred_at), MIN(p.first_seen_at)
FROM polled_record p
WHERE p.entity = 'order' AND p.listing LIKE 'bol/%'
  AND EXISTS (SELECT 1 FROM stock_reservation r WHERE r.order_id = p.entity_id AND r.status = 'OPEN')
  AND NOT EXISTS (SELECT 1 FROM bol_open_order o WHERE o.listing = p.listing AND o.order_id = p.record_id)
GROUP BY p.listing, p.record_id;
