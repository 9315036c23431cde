SELECT event_id, entity, entity_id, event_type, source, correlation_id, event_time, stored_at, payload
FROM ingested_event
WHERE entity = :#${header.entity} AND entity_id = :#${header.id}
ORDER BY id DESC
LIMIT 100
