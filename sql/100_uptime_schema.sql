-- Application schema: the spec's models (Validator, Website, WebsiteTick). Every statement is idempotent:
-- a database from before the schema_migrations journal runs it once more.

CREATE TABLE IF NOT EXISTS validators (
    id             uuid        PRIMARY KEY,              -- name-based UUID of the lower-cased public key
    public_key     text        NOT NULL,
    ip_address     text        NOT NULL,
    location       text        NOT NULL,
    online         boolean     NOT NULL DEFAULT false,
    last_heartbeat timestamptz,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

-- Addresses differ only in checksum casing, so uniqueness is case-insensitive.
CREATE UNIQUE INDEX IF NOT EXISTS validators_public_key_key ON validators (lower(public_key));

CREATE TABLE IF NOT EXISTS websites (
    id               uuid        PRIMARY KEY,
    url              text        NOT NULL CHECK (length(url) <= 2048),
    interval_seconds integer     NOT NULL DEFAULT 30 CHECK (interval_seconds BETWEEN 10 AND 86400),
    enabled          boolean     NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS websites_created_at ON websites (created_at, id);

-- One row per check result. No foreign keys: rows arrive in bulk through binary COPY, and the gateway has
-- already checked the website and the validator; deleting a website deletes its ticks explicitly.
CREATE TABLE IF NOT EXISTS website_ticks (
    id           uuid             PRIMARY KEY,
    website_id   uuid             NOT NULL,
    validator_id uuid             NOT NULL,
    "timestamp"  timestamptz      NOT NULL,
    status       text             NOT NULL CHECK (status IN ('Good', 'Bad')),
    latency      double precision NOT NULL,
    error        text,
    created_at   timestamptz      NOT NULL DEFAULT now()
);

-- "Latest ticks of a website" (the API's tick list, newest first).
CREATE INDEX IF NOT EXISTS website_ticks_website_time ON website_ticks (website_id, "timestamp" DESC);

-- "Ticks in a time window" and retention: rows arrive in time order, so a BRIN index stays tiny.
CREATE INDEX IF NOT EXISTS website_ticks_created_at ON website_ticks USING brin (created_at);
