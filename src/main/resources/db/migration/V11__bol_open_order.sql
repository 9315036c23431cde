-- The bol.com orders the poller took (published) that bol still had open: bol's order list shows only
-- open orders and the poller takes only those beyond its watermark, so these are the orders it reads
-- again when bol's list shows them changed or no longer lists them (cancelled or shipped), and stops
-- reading once they are final (io.omnihub.inbound.bol.BolOpenOrders). Runs unchanged on H2 and PostgreSQL.
CREATE TABLE bol_open_order (
    listing        VARCHAR(255)             NOT NULL, -- the account's order listing, e.g. bol/omnihub-outdoor/orders
    order_id       VARCHAR(128)             NOT NULL,
    record_version INTEGER                  NOT NULL, -- the version last published (polled_record)
    items          TEXT                     NOT NULL, -- JSON: per item the units cancelled, bol's change time, open or not
    placed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    read_at        TIMESTAMP WITH TIME ZONE NOT NULL, -- last read or tried: the longest unread is read again first
    failures       INTEGER                  DEFAULT 0 NOT NULL, -- reads in a row that failed
    last_error     VARCHAR(2000),
    CONSTRAINT pk_bol_open_order PRIMARY KEY (listing, order_id)
);
