-- A callback's own target (an event's allowed callback_url; NULL means
-- CALLBACK_URL), and why an event's callback_url was refused, if it was.
ALTER TABLE outbox
    ADD COLUMN IF NOT EXISTS target         TEXT,
    ADD COLUMN IF NOT EXISTS target_refused TEXT;

-- Reopening a failed request (`idp dlq replay` of a MAX_ATTEMPTS letter) starts
-- a new run; the runs it replaced are kept here, oldest first, each with the
-- dead letter that reopened it.
ALTER TABLE requests
    ADD COLUMN IF NOT EXISTS reopened     INTEGER NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS earlier_runs JSONB   NOT NULL DEFAULT '[]'::jsonb;
