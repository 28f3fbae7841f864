-- The ledger: one row per request_id, the service's record of what it decided.
CREATE TABLE IF NOT EXISTS requests (
    request_id        BIGINT PRIMARY KEY,
    run_id            UUID        NOT NULL,
    status            TEXT        NOT NULL
        CHECK (status IN ('received', 'downloading', 'processing', 'completed', 'failed', 'rejected')),
    event             JSONB,
    reference_time    TIMESTAMPTZ,
    verdict           BOOLEAN,
    errors            JSONB       NOT NULL DEFAULT '[]'::jsonb,
    document          JSONB,
    result            JSONB,
    timings_ms        JSONB       NOT NULL DEFAULT '{}'::jsonb,
    attempts          INTEGER     NOT NULL DEFAULT 0,
    duplicates        INTEGER     NOT NULL DEFAULT 0,
    source_topic      TEXT,
    source_partition  INTEGER,
    source_offset     BIGINT,
    received_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    completed_at      TIMESTAMPTZ
);

CREATE INDEX IF NOT EXISTS requests_status_updated ON requests (status, updated_at);
CREATE INDEX IF NOT EXISTS requests_received ON requests (received_at DESC);
