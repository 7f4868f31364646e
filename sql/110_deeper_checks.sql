-- Deeper checks (issue 17): monitor types, check definitions, timing phases, certificates, validator capabilities.

-- check_definition: CheckDefinitionJson's canonical text of what the operator set; NULL is the type's plain check.
ALTER TABLE websites
    ADD COLUMN IF NOT EXISTS monitor_type text NOT NULL DEFAULT 'http' CHECK (monitor_type IN ('http', 'tcp', 'dns', 'push')),
    ADD COLUMN IF NOT EXISTS check_definition jsonb;

-- What a check saw, each NULL when the validator did not say (a spec-only client says none of it). Times in ms.
ALTER TABLE website_ticks
    ADD COLUMN IF NOT EXISTS http_status      smallint,
    ADD COLUMN IF NOT EXISTS dns_ms           real,
    ADD COLUMN IF NOT EXISTS connect_ms       real,
    ADD COLUMN IF NOT EXISTS tls_ms           real,
    ADD COLUMN IF NOT EXISTS first_byte_ms    real,
    ADD COLUMN IF NOT EXISTS transfer_ms      real,
    ADD COLUMN IF NOT EXISTS address          text,
    ADD COLUMN IF NOT EXISTS tls_resumed      boolean,
    ADD COLUMN IF NOT EXISTS failed_assertion smallint;

-- The rich check items a validator announced in its last REGISTER (CheckCapabilities).
ALTER TABLE validators
    ADD COLUMN IF NOT EXISTS capabilities text[] NOT NULL DEFAULT '{}';

-- The leaf certificate of an HTTPS monitor as last seen after a full handshake; warned_days: the smallest expiry
-- threshold (days) already announced for this certificate, NULL when none was.
CREATE TABLE IF NOT EXISTS website_certificates (
    website_id   uuid        PRIMARY KEY REFERENCES websites (id) ON DELETE CASCADE,
    expires_at   timestamptz NOT NULL,
    subject      text        NOT NULL,
    issuer       text        NOT NULL,
    names        text[]      NOT NULL DEFAULT '{}',
    validator_id uuid        NOT NULL,
    seen_at      timestamptz NOT NULL,
    warned_days  integer
);

CREATE INDEX IF NOT EXISTS website_certificates_expires_at ON website_certificates (expires_at);
