-- Secrets every silo of a deployment shares, created once by whichever silo starts first
-- (session_hmac: the 32-byte key that signs dashboard login cookies, so any silo accepts any silo's session).

CREATE TABLE IF NOT EXISTS hub_secrets (
    name       text        PRIMARY KEY,
    value      bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
