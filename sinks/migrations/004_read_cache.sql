-- Read results by the file's content hash: the same bytes are never read twice.
-- `reader` fingerprints the reading code, libraries and settings that made the
-- result. Rows hold document text (personal data): they are ignored, and
-- deleted, after READ_CACHE_DAYS.
CREATE TABLE IF NOT EXISTS documents (
    sha256      TEXT        NOT NULL,
    reader      TEXT        NOT NULL,
    document    JSONB       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (sha256, reader)
);

CREATE INDEX IF NOT EXISTS documents_created ON documents (created_at);
