-- Leases: who works on an open request and until when; the reaper resumes
-- requests whose lease expired.
ALTER TABLE requests
    ADD COLUMN IF NOT EXISTS lease_owner      TEXT,
    ADD COLUMN IF NOT EXISTS lease_expires_at TIMESTAMPTZ,
    ADD COLUMN IF NOT EXISTS resumed          INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS last_error       JSONB,
    -- The input message as it came, for a dead letter after MAX_ATTEMPTS.
    ADD COLUMN IF NOT EXISTS raw_key          BYTEA,
    ADD COLUMN IF NOT EXISTS raw_value        BYTEA,
    ADD COLUMN IF NOT EXISTS raw_headers      JSONB,
    ADD COLUMN IF NOT EXISTS raw_timestamp_ms BIGINT;

CREATE INDEX IF NOT EXISTS requests_open_leases ON requests (lease_expires_at)
    WHERE status IN ('received', 'downloading', 'processing');

-- Transactional outbox: written in the same transaction as the decision,
-- sent afterwards by the relay, marked sent once the broker or the callback
-- target acknowledged it.
CREATE TABLE IF NOT EXISTS outbox (
    id               BIGSERIAL PRIMARY KEY,
    request_id       BIGINT      NOT NULL,
    run_id           UUID        NOT NULL,
    kind             TEXT        NOT NULL CHECK (kind IN ('message', 'callback')),
    topic            TEXT,
    key              BYTEA,
    payload          BYTEA       NOT NULL,
    headers          JSONB       NOT NULL DEFAULT '[]'::jsonb,
    attempts         INTEGER     NOT NULL DEFAULT 0,
    last_error       TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at          TIMESTAMPTZ,
    given_up_at      TIMESTAMPTZ
);

CREATE INDEX IF NOT EXISTS outbox_due ON outbox (next_attempt_at)
    WHERE sent_at IS NULL AND given_up_at IS NULL;
CREATE INDEX IF NOT EXISTS outbox_request ON outbox (request_id);

-- Wake the relay as soon as a decision commits, instead of waiting for its poll.
CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('idp_outbox', NEW.id::text);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS outbox_notify ON outbox;
CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH ROW EXECUTE FUNCTION outbox_notify();
