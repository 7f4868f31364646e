-- Incidents (issue 15, Hub.Silo/Incidents): an outage of one website, opened by its grain when the verdict turns Down (or
-- Degraded, per website), resolved by the recovery rule ('auto') or by an operator. The unique partial index keeps at most
-- one open incident per website: two activations of a website's grain racing across a failover both insert with
-- ON CONFLICT DO NOTHING and then read the one open incident. Deleting a website deletes its incidents and their events.
CREATE TABLE IF NOT EXISTS incidents (
    id              uuid        PRIMARY KEY,
    website_id      uuid        NOT NULL REFERENCES websites (id) ON DELETE CASCADE,
    verdict         text        NOT NULL CHECK (verdict IN ('Down', 'Degraded')),
    reason          text        NOT NULL,
    opened_at       timestamptz NOT NULL,
    acknowledged_at timestamptz,
    acknowledged_by text,
    resolved_at     timestamptz,
    resolved_by     text,
    resolution      text,
    CHECK ((acknowledged_at IS NULL) = (acknowledged_by IS NULL)),
    CHECK ((resolved_at IS NULL) = (resolved_by IS NULL) AND (resolved_at IS NULL) = (resolution IS NULL))
);

CREATE UNIQUE INDEX IF NOT EXISTS incidents_one_open_per_website ON incidents (website_id) WHERE resolved_at IS NULL;
CREATE INDEX IF NOT EXISTS incidents_opened_at ON incidents (opened_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS incidents_website_opened_at ON incidents (website_id, opened_at DESC, id DESC);

-- An incident's timeline. votes holds the ticks behind an entry as a JSON array of {validatorId, publicKey, region, at,
-- status, error, latencyMs, signature, confirmation}, the public key copied from validators when the entry is written (a
-- validator deleted later still names its key). actor is the operator (as validators.banned_by names one), 'auto' for a
-- resolution by the recovery rule, NULL for what the hub wrote.
CREATE TABLE IF NOT EXISTS incident_events (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    incident_id uuid        NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    at          timestamptz NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('opened', 'confirmation', 'verdict', 'acknowledged', 'note', 'resolved')),
    actor       text,
    text        text        NOT NULL DEFAULT '',
    votes       jsonb       NOT NULL DEFAULT '[]'
);

CREATE INDEX IF NOT EXISTS incident_events_incident_id ON incident_events (incident_id, id);
