-- One canonical order as a row of the ERP's order staging table (routes/erp-orders.camel.yaml), from
-- the columns mappings/erp/order.out.jslt makes. batch_id is the event that brought it; the hub
-- writes as source system 'omnihub'. The unique (source_system, external_id, row_version) turns a
-- second event of the same order into no second row (ON CONFLICT without a target: H2 and PostgreSQL).
-- A guest order has customer_ref '' (a JSON mapping leaves out null values), stored as NULL.
INSERT INTO erp.order_in (batch_id, source_system, external_id, row_version, order_id, channel, customer_ref,
                          ordered_at, currency, order_lines)
VALUES (:#${exchangeProperty.omnihubEventId}, 'omnihub', :#external_id, :#row_version, :#order_id, :#channel,
        NULLIF(:#customer_ref, ''), CAST(:#ordered_at AS TIMESTAMP), :#currency, :#order_lines)
ON CONFLICT DO NOTHING
