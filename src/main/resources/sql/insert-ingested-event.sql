-- one row per CloudEvent; a redelivered event (same id, unique) changes nothing.
-- ON CONFLICT without a target: the form H2 (PostgreSQL mode) and PostgreSQL both accept.
INSERT INTO ingested_event (event_id, entity, entity_id, event_type, source, correlation_id, event_time, payload)
VALUES (:#${exchangeProperty.omnihubEventId}, :#${exchangeProperty.omnihubEntity}, :#${exchangeProperty.omnihubKey},
        :#${exchangeProperty.omnihubEventType}, :#${exchangeProperty.omnihubEventSource},
        :#${exchangeProperty.correlationId}, :#${exchangeProperty.omnihubEventTime}, :#${body})
ON CONFLICT DO NOTHING
