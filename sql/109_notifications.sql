-- Notifications (issue 16, Hub.Silo/Notifications). Websites get an optional display name and tags for routing.
ALTER TABLE websites
    ADD COLUMN IF NOT EXISTS name text CHECK (length(name) BETWEEN 1 AND 200),
    ADD COLUMN IF NOT EXISTS tags text[] NOT NULL DEFAULT '{}' CHECK (cardinality(tags) <= 20);

CREATE INDEX IF NOT EXISTS websites_tags ON websites USING gin (tags);

-- A channel: where alerts go. settings holds what may be shown (a chat id, an SMTP host, recipients); secrets holds the
-- Data Protection ciphertext of a JSON object with what must not be (URLs with tokens, bot tokens, passwords, HMAC keys).
-- next_send_at is the end of the channel's grouping window: deliveries that come due before it wait and go as one message.
CREATE TABLE IF NOT EXISTS notification_channels (
    id               uuid        PRIMARY KEY,
    name             text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    type             text        NOT NULL CHECK (type IN ('webhook', 'slack', 'discord', 'teams', 'telegram', 'ntfy', 'email', 'pagerduty')),
    enabled          boolean     NOT NULL DEFAULT true,
    settings         jsonb       NOT NULL DEFAULT '{}',
    secrets          bytea,
    subject_template text,
    body_template    text,
    next_send_at     timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now()
);

-- A policy: which events of which websites go to which channels. Websites: all (website_ids and tags NULL), a list, or
-- those carrying any of the tags. A website that no enabled non-default policy covers uses the default policy, if any.
-- quiet_seconds holds an 'opened' back so short outages notify nobody; reminder_minutes repeats while still open (0: never).
CREATE TABLE IF NOT EXISTS notification_policies (
    id               uuid        PRIMARY KEY,
    name             text        NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    enabled          boolean     NOT NULL DEFAULT true,
    is_default       boolean     NOT NULL DEFAULT false,
    website_ids      uuid[],
    tags             text[],
    events           text[]      NOT NULL DEFAULT '{opened,acknowledged,resolved,reminder}'
                                 CHECK (events <@ '{opened,acknowledged,resolved,reminder}'::text[]),
    quiet_seconds    integer     NOT NULL DEFAULT 0 CHECK (quiet_seconds BETWEEN 0 AND 86400),
    reminder_minutes integer     NOT NULL DEFAULT 60 CHECK (reminder_minutes BETWEEN 0 AND 10080),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CHECK (website_ids IS NULL OR tags IS NULL)
);

CREATE UNIQUE INDEX IF NOT EXISTS notification_policies_one_default ON notification_policies (is_default) WHERE is_default;

CREATE TABLE IF NOT EXISTS notification_policy_channels (
    policy_id  uuid NOT NULL REFERENCES notification_policies (id) ON DELETE CASCADE,
    channel_id uuid NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
    PRIMARY KEY (policy_id, channel_id)
);

-- The outbox. An event is one incident change worth telling (opened, acknowledged, resolved, reminder) or a channel test,
-- written in the transaction of the change, with a snapshot of what the message says (payload, NotificationPayload in
-- C#), so a message never depends on rows changed or deleted later. No foreign keys to incidents or websites: deleting a
-- website must not take its pending alerts with it.
CREATE TABLE IF NOT EXISTS notification_events (
    id          uuid        PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('opened', 'acknowledged', 'resolved', 'reminder', 'test')),
    incident_id uuid,
    website_id  uuid,
    at          timestamptz NOT NULL,
    payload     jsonb       NOT NULL
);

CREATE INDEX IF NOT EXISTS notification_events_incident ON notification_events (incident_id, kind);

-- One delivery of an event to a channel. Its id is the idempotency key a receiver sees (X-Uptime-Delivery; a grouped
-- message carries its first delivery's id). pending: waiting for due_at (quiet delay, back-off, grouping window);
-- sent: the receiver answered 2xx; skipped: no longer worth sending (an outage that ended within the quiet delay);
-- dead: refused for good, or still failing after the retry bound.
CREATE TABLE IF NOT EXISTS notification_deliveries (
    id            uuid        PRIMARY KEY,
    event_id      uuid        NOT NULL REFERENCES notification_events (id) ON DELETE CASCADE,
    channel_id    uuid        NOT NULL REFERENCES notification_channels (id) ON DELETE CASCADE,
    policy_id     uuid,
    state         text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'skipped', 'dead')),
    created_at    timestamptz NOT NULL,
    due_at        timestamptz NOT NULL,
    attempts      integer     NOT NULL DEFAULT 0,
    last_attempt_at timestamptz,
    last_status   integer,
    last_error    text,
    sent_at       timestamptz,
    group_size    integer
);

CREATE INDEX IF NOT EXISTS notification_deliveries_due ON notification_deliveries (due_at) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS notification_deliveries_event ON notification_deliveries (event_id);
CREATE INDEX IF NOT EXISTS notification_deliveries_channel ON notification_deliveries (channel_id, created_at DESC);

-- When each open incident's next reminder is due, per policy that reminds; deleted when the incident resolves.
CREATE TABLE IF NOT EXISTS notification_reminders (
    incident_id uuid        NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
    policy_id   uuid        NOT NULL REFERENCES notification_policies (id) ON DELETE CASCADE,
    next_at     timestamptz NOT NULL,
    PRIMARY KEY (incident_id, policy_id)
);

-- The Data Protection key ring every silo shares (Hub.Silo/Notifications/PostgresXmlRepository.cs).
CREATE TABLE IF NOT EXISTS data_protection_keys (
    name text PRIMARY KEY,
    xml  text NOT NULL
);
